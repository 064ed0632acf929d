package io.hindsight.simulator;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.PlayedRound;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The rule-based "legacy" bots RPS Quest played against the ML bot every 30 minutes for telemetry. Unlike the
 * scripted players in contracts (which only the trainer and simulator share), these read the bot: each one
 * exploits a different kind of predictability, so a model that loses to one of them has a visible weakness.
 * Ties between equally likely predictions, and the rounds before a rule has anything to go on, are broken
 * at random so that the legacy bots are not themselves trivially predictable.
 */
final class LegacyPlayers {

    /** Plays what beats the bot's most frequent move so far: punishes a bot with a favourite move. */
    static final ScriptedPlayer FREQUENCY_COUNTER = ScriptedPlayer.named("frequency-counter", (h, r) -> {
        int[] counts = new int[Move.COUNT];
        for (PlayedRound p : h) {
            counts[p.bot().index()]++;
        }
        return h.isEmpty() ? random(r) : mostFrequent(counts, r).counter();
    });

    /**
     * First-order Markov: counts which move the bot played after each of its moves, predicts its next move
     * from its last one, and plays what beats that. Punishes a bot whose moves follow each other in a pattern.
     * Until the bot's last move has been followed by anything, it plays at random.
     */
    static final ScriptedPlayer MARKOV_1 = ScriptedPlayer.named("markov-1", (h, r) -> {
        if (h.size() < 2) {
            return random(r);
        }
        int[][] transitions = new int[Move.COUNT][Move.COUNT];
        for (int i = 1; i < h.size(); i++) {
            transitions[h.get(i - 1).bot().index()][h.get(i).bot().index()]++;
        }
        int[] after = transitions[h.get(h.size() - 1).bot().index()];
        return after[0] + after[1] + after[2] == 0 ? random(r) : mostFrequent(after, r).counter();
    });

    /** Copies the bot's last move: the classic naive human habit, which a learning bot should soon beat. */
    static final ScriptedPlayer MIRROR = ScriptedPlayer.named("mirror", (h, r) ->
            h.isEmpty() ? random(r) : h.get(h.size() - 1).bot());

    static final List<ScriptedPlayer> ALL = List.of(FREQUENCY_COUNTER, MARKOV_1, MIRROR);

    private LegacyPlayers() {
    }

    /** A scripted player from contracts or a legacy bot, by name. */
    static ScriptedPlayer byName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (ScriptedPlayer p : ALL) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        try {
            return ScriptedPlayer.byName(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown player '" + name + "' (known: " + knownNames() + ")");
        }
    }

    static List<String> knownNames() {
        return java.util.stream.Stream.concat(ScriptedPlayer.ALL.stream(), ALL.stream()).map(ScriptedPlayer::name).toList();
    }

    private static Move random(RandomGenerator r) {
        return Move.ofIndex(r.nextInt(Move.COUNT));
    }

    /** The move counted most often; a tie is broken at random among the tied moves. */
    static Move mostFrequent(int[] counts, RandomGenerator r) {
        int max = Math.max(counts[0], Math.max(counts[1], counts[2]));
        int tied = 0;
        for (int c : counts) {
            if (c == max) {
                tied++;
            }
        }
        int pick = tied == 1 ? 0 : r.nextInt(tied);
        for (int i = 0; i < Move.COUNT; i++) {
            if (counts[i] == max && pick-- == 0) {
                return Move.ofIndex(i);
            }
        }
        throw new AssertionError("no move has the highest count");
    }
}
