package io.hindsight.joiner;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.ScoredRecord;
import java.util.ArrayList;
import java.util.List;

/** Turns a prediction and its ground truth into one scored record per model output. Pure functions. */
final class Scoring {
    private Scoring() {
    }

    /** The served output first, then each shadow in order. */
    static List<ScoredRecord> score(String task, PredictionRecord prediction, GroundTruth truth, boolean classifier) {
        List<ScoredRecord> out = new ArrayList<>(1 + prediction.shadows().size());
        if (prediction.served() != null) {
            out.add(score(task, prediction, prediction.served(), true, truth, classifier));
        }
        for (ModelOutput shadow : prediction.shadows()) {
            out.add(score(task, prediction, shadow, false, truth, classifier));
        }
        return out;
    }

    static ScoredRecord score(String task, PredictionRecord prediction, ModelOutput output, boolean served,
                              GroundTruth truth, boolean classifier) {
        double predicted = output.value();
        double actual = truth.value();
        long lagMs = truth.eventTimeMs() - prediction.predictedTs();
        if (classifier) {
            boolean correct = Math.round(predicted) == Math.round(actual);
            // absError is required by the schema; for a classifier it is the 0/1 loss, so MAE = error rate.
            return new ScoredRecord(prediction.requestId(), task, output.family(), output.version(), output.alias(),
                    served, predicted, actual, correct ? 0.0 : 1.0, null, correct, prediction.predictedTs(),
                    truth.eventTimeMs(), lagMs);
        }
        return new ScoredRecord(prediction.requestId(), task, output.family(), output.version(), output.alias(),
                served, predicted, actual, Math.abs(predicted - actual), squaredLogError(predicted, actual), null,
                prediction.predictedTs(), truth.eventTimeMs(), lagMs);
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
