package io.hindsight.contracts.rps.players;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.PlayedRound;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A scripted player: the simulator plays them against the models over the wire, the trainer generates the
 * first start's games with them. Shared because both must mean the same player by the same name.
 */
public interface ScriptedPlayer {

    String name();

    /** The player's move in the round after {@code history}. */
    Move next(List<PlayedRound> history, RandomGenerator random);

    /** Uniformly random: no model can beat it; the control. */
    ScriptedPlayer RANDOM = named("random", (h, r) -> Move.ofIndex(r.nextInt(Move.COUNT)));

    /** rock, paper, scissors, rock, ... */
    ScriptedPlayer CYCLER = named("cycler", (h, r) -> Move.ofIndex(h.size() % Move.COUNT));

    /** Rock half the time, paper and scissors a quarter each. */
    ScriptedPlayer BIASED_ROCK = named("biased-rock", (h, r) -> {
        double u = r.nextDouble();
        return u < 0.5 ? Move.ROCK : u < 0.75 ? Move.PAPER : Move.SCISSORS;
    });

    /** Repeats a winning move, switches to a random other move after a loss or tie. */
    ScriptedPlayer WIN_STAY_LOSE_SHIFT = named("win-stay-lose-shift", (h, r) -> {
        if (h.isEmpty()) {
            return Move.ofIndex(r.nextInt(Move.COUNT));
        }
        PlayedRound last = h.get(h.size() - 1);
        if (last.player().beats(last.bot())) {
            return last.player();
        }
        return Move.ofIndex((last.player().index() + 1 + r.nextInt(2)) % Move.COUNT);
    });

    /** Plays what would have beaten the bot's last move. */
    ScriptedPlayer BEAT_LAST = named("beat-last", (h, r) ->
            h.isEmpty() ? Move.ofIndex(r.nextInt(Move.COUNT)) : h.get(h.size() - 1).bot().counter());

    List<ScriptedPlayer> ALL = List.of(RANDOM, CYCLER, BIASED_ROCK, WIN_STAY_LOSE_SHIFT, BEAT_LAST);

    static ScriptedPlayer named(String name, Strategy strategy) {
        return new ScriptedPlayer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Move next(List<PlayedRound> history, RandomGenerator random) {
                return strategy.next(history, random);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    static ScriptedPlayer byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ScriptedPlayer p : ALL) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown player '" + name + "' (known: "
                + ALL.stream().map(ScriptedPlayer::name).toList() + ")");
    }

    @FunctionalInterface
    interface Strategy {
        Move next(List<PlayedRound> history, RandomGenerator random);
    }
}
