package io.hindsight.joiner;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.ScoredRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a prediction and its ground truth into one scored record per model output. Pure functions.
 *
 * <p>Regression: {@code absError = |predicted - truth|}, {@code squaredLogError} as RMSLE needs it,
 * {@code correct = null}.
 *
 * <p>Classification ({@code predicted} and {@code truth} are class indices): {@code correct} is whether the
 * predicted class is the true one; {@code absError} (required by the schema) is the 0/1 loss, 0 when correct
 * and 1 when wrong, so a window's MAE is its error rate (1 - accuracy), never a distance between class
 * indices, which would mean nothing (a 7 taken for a 1 is not "6 wrong"); {@code squaredLogError} is null,
 * which is also how the rolling metrics tell a classified output from a regressed one.
 *
 * <p>rps (ground truth with {@link GroundTruth#rps()}): a classification of the player's move, plus
 * {@code points} for every output ({@link RpsScoring#points}) and, on a game's last round, {@code gameWon}
 * on the served output only, the one that actually moved the bot. Fallback outputs (no model answered) are
 * skipped: see {@link RpsScoring#isFallback}.
 */
final class Scoring {
    private Scoring() {
    }

    /** The served output first, then each shadow in order; fallback outputs are left out. */
    static List<ScoredRecord> score(String task, PredictionRecord prediction, GroundTruth truth, TaskProfile profile) {
        List<ScoredRecord> out = new ArrayList<>(1 + prediction.shadows().size());
        if (prediction.served() != null && !RpsScoring.isFallback(prediction.served())) {
            out.add(score(task, prediction, prediction.served(), true, truth, profile));
        }
        for (ModelOutput shadow : prediction.shadows()) {
            if (!RpsScoring.isFallback(shadow)) {
                out.add(score(task, prediction, shadow, false, truth, profile));
            }
        }
        return out;
    }

    static ScoredRecord score(String task, PredictionRecord prediction, ModelOutput output, boolean served,
                              GroundTruth truth, TaskProfile profile) {
        double predicted = output.value();
        double actual = truth.value();
        long lagMs = truth.eventTimeMs() - prediction.predictedTs();
        if (profile.classifier()) {
            boolean correct = correct(profile.classes(), predicted, actual);
            RpsRound round = truth.rps();
            Double points = round == null ? null : RpsScoring.points(output, profile.classes().indexOf(actual), round.value());
            Boolean gameWon = round != null && served && round.gameOver() ? round.botWon() : null;
            return new ScoredRecord(prediction.requestId(), task, output.family(), output.version(), output.alias(),
                    served, predicted, actual, correct ? 0.0 : 1.0, null, correct, prediction.predictedTs(),
                    truth.eventTimeMs(), lagMs, points, gameWon);
        }
        return new ScoredRecord(prediction.requestId(), task, output.family(), output.version(), output.alias(),
                served, predicted, actual, Math.abs(predicted - actual), squaredLogError(predicted, actual), null,
                prediction.predictedTs(), truth.eventTimeMs(), lagMs);
    }

    /**
     * {@code (int) predicted == label} for a predicted class index; a value that is no class index at all
     * (NaN, 7.5, 12) is wrong rather than truncated into one.
     */
    static boolean correct(Classes classes, double predicted, double truth) {
        int p = classes.indexOf(predicted);
        return p < classes.count() && p == classes.indexOf(truth);
    }

    /**
     * (log1p(pred) - log1p(truth))^2. A regressor can predict below zero, where log1p is NaN (and NaN is not
     * JSON): like Kaggle's RMSLE, negative values count as 0.
     */
    static double squaredLogError(double predicted, double truth) {
        double d = Math.log1p(Math.max(predicted, 0.0)) - Math.log1p(Math.max(truth, 0.0));
        return d * d;
    }
}
