package io.hindsight.contracts.rps;

import java.util.Locale;

/** A round's result from the player's side. */
public enum Result {
    WIN, TIE, LOSS;

    public static Result of(Move player, Move bot) {
        if (player == bot) {
            return TIE;
        }
        return player.beats(bot) ? WIN : LOSS;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Result fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
