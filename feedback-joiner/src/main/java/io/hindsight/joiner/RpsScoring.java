package io.hindsight.joiner;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.rps.BotPolicy;
import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.Result;
import java.util.List;

/**
 * What an rps output would have done to the game, so every alias (shadows too) is judged on the bot's
 * points, not just on naming the player's move: a model can be right less often and still win more if it is
 * right on the valuable rounds. Pure functions.
 */
final class RpsScoring {
    private RpsScoring() {
    }

    /**
     * The output's version when the predictor had no model and the bot played uniformly at random: it is no
     * model's prediction, so it is neither scored nor counted toward any model's metrics.
     */
    static boolean isFallback(ModelOutput output) {
        return output != null && BotSource.FALLBACK.equals(output.version());
    }

    /**
     * The bot's points this round had this output moved it: the bot plays {@link BotPolicy#best} on the
     * output's probabilities at the round's value, +value if that beats the player's move, -value if it loses
     * to it, 0 on a tie. Null when the round's value is unknown or the player's move is not a class.
     */
    static Double points(ModelOutput output, int playerMove, Double value) {
        if (value == null || playerMove < 0 || playerMove >= Move.COUNT) {
            return null;
        }
        double[] p = probabilities(output);
        if (p == null) {
            return null;
        }
        Move bot = BotPolicy.best(p, value);
        return switch (Result.of(Move.ofIndex(playerMove), bot)) {
            case WIN -> -value;  // Result is from the player's side
            case LOSS -> value;
            case TIE -> 0.0;
        };
    }

    /**
     * The output's move probabilities; a model that sent no scores is taken at its word (all on its
     * predicted class). Null when neither is usable: the bot's move cannot be known.
     */
    static double[] probabilities(ModelOutput output) {
        List<Double> scores = output.scores();
        if (scores.size() == Move.COUNT && scores.stream().allMatch(s -> s != null && Double.isFinite(s))) {
            return new double[] {scores.get(0), scores.get(1), scores.get(2)};
        }
        double v = output.value();
        if (v >= 0 && v < Move.COUNT && v == Math.rint(v)) {
            double[] p = new double[Move.COUNT];
            p[(int) v] = 1.0;
            return p;
        }
        return null;
    }
}
