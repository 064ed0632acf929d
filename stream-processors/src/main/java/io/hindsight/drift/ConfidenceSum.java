package io.hindsight.drift;

import io.hindsight.contracts.prediction.ModelOutput;

/**
 * CBPE state of one model series in one window: outputs seen and the sum of their (calibrated) top-class
 * probabilities, each the chance that output is right.
 */
record ConfidenceSum(String family, String version, String alias, long outputs, double sumTopProbability) {

    static ConfidenceSum empty() {
        return new ConfidenceSum(null, null, null, 0, 0.0);
    }

    /** An uncalibrated output: its raw top-class probability. */
    ConfidenceSum plus(ModelOutput o) {
        return plus(new SeriesValue(o.family(), o.version(), o.alias(), topProbability(o)));
    }

    ConfidenceSum plus(SeriesValue v) {
        return new ConfidenceSum(v.family(), v.version(), v.alias(), outputs + 1, sumTopProbability + v.value());
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
