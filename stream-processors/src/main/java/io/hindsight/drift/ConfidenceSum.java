package io.hindsight.drift;

import io.hindsight.contracts.prediction.ModelOutput;

/** CBPE state of one model series in one window: outputs seen and the sum of their top-class probabilities. */
record ConfidenceSum(String family, String version, String alias, long outputs, double sumTopProbability) {

    static ConfidenceSum empty() {
        return new ConfidenceSum(null, null, null, 0, 0.0);
    }

    ConfidenceSum plus(ModelOutput o) {
        return new ConfidenceSum(o.family(), o.version(), o.alias(), outputs + 1, sumTopProbability + topProbability(o));
    }

    double estimatedAccuracy() {
        return outputs == 0 ? 0.0 : sumTopProbability / outputs;
    }

    /** The probability of the predicted class: CBPE's chance that this output is right, if the model is calibrated. */
    static double topProbability(ModelOutput o) {
        double max = 0;
        for (double s : o.scores()) {
            max = Math.max(max, s);
        }
        return max;
    }
}
