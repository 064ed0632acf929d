package io.hindsight.drift;

import io.hindsight.contracts.drift.DleFeatures;

/** DLE state of one model series in one window: outputs seen and the sum of their estimated squared log errors. */
record LossSum(String family, String version, String alias, long outputs, double sumSquaredLogError) {

    static LossSum empty() {
        return new LossSum(null, null, null, 0, 0.0);
    }

    LossSum plus(SeriesValue v) {
        return new LossSum(v.family(), v.version(), v.alias(), outputs + 1, sumSquaredLogError + v.value());
    }

    /** sqrt(mean estimated squared log error): the window's estimated RMSLE. */
    double estimatedRmsle() {
        return DleFeatures.rmsle(sumSquaredLogError, outputs);
    }
}
