package io.hindsight.contracts.rps;

import java.util.Locale;

/** A throw. The index is the class index models predict (0 rock, 1 paper, 2 scissors). */
public enum Move {
    ROCK, PAPER, SCISSORS;

    public static final int COUNT = 3;

    public int index() {
        return ordinal();
    }

    /** The lower-case name used on the wire: "rock", "paper", "scissors". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The move that beats this one. */
    public Move counter() {
        return values()[(ordinal() + 1) % COUNT];
    }

    public boolean beats(Move other) {
        return other.counter() == this;
    }

    public static Move ofIndex(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("a move index is 0, 1 or 2, not " + index);
        }
        return values()[index];
    }

    /** Accepts "rock"/"paper"/"scissors" in any case, or the initials r/p/s. */
    public static Move fromId(String id) {
        if (id != null) {
            String s = id.trim().toLowerCase(Locale.ROOT);
            for (Move m : values()) {
                if (m.id().equals(s) || (s.length() == 1 && m.id().charAt(0) == s.charAt(0))) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("a move is rock, paper or scissors, not '" + id + "'");
    }
}
