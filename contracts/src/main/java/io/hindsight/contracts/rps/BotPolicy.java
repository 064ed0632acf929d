package io.hindsight.contracts.rps;

import java.util.random.RandomGenerator;

/**
 * Turns predicted probabilities of the player's next move into the bot's move: the move with the highest
 * expected points at this round's value, v * (P(bot wins) - P(bot loses)). Ties go to the lower move
 * index so the choice is deterministic. In easy mode the bot ignores the model half the time and plays
 * uniformly at random.
 */
public final class BotPolicy {
    private BotPolicy() {
    }

    /** Expected points for the bot playing {@code bot} when the player's move has probabilities {@code p}. */
    public static double expectedPoints(double[] p, Move bot, double value) {
        // the bot wins against the move it beats, loses against its counter
        Move beatenByBot = Move.ofIndex((bot.index() + 2) % Move.COUNT);
        return value * (p[beatenByBot.index()] - p[bot.counter().index()]);
    }

    public static Move best(double[] p, double value) {
        if (p == null || p.length != Move.COUNT) {
            throw new IllegalArgumentException("the policy takes 3 move probabilities");
        }
        Move best = Move.ROCK;
        double bestPoints = Double.NEGATIVE_INFINITY;
        for (Move m : Move.values()) {
            double e = expectedPoints(p, m, value);
            if (e > bestPoints + 1e-12) {
                best = m;
                bestPoints = e;
            }
        }
        return best;
    }

    public static Move choose(double[] p, double value, boolean easy, RandomGenerator random) {
        if (easy && random.nextBoolean()) {
            return Move.ofIndex(random.nextInt(Move.COUNT));
        }
        return best(p, value);
    }
}
