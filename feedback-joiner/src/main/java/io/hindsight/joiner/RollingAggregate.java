package io.hindsight.joiner;

/**
 * The windowed state behind one RollingMetrics record: sums and bucket counts, so that updating it is
 * O(buckets) and the value stays small in the changelog. Immutable: {@link #plus} returns a copy.
 */
record RollingAggregate(String task, String family, String version, String alias,
                        long matched, long expired,
                        long regressionCount, double sumSquaredLogError, double sumAbsError,
                        long classifiedCount, long correctCount, double sumPredicted,
                        long[] lagCounts, long[] predictedCounts) {

    static RollingAggregate empty(int lagBuckets, int predictedBuckets) {
        return new RollingAggregate(null, null, null, null, 0, 0, 0, 0.0, 0.0, 0, 0, 0.0,
                new long[lagBuckets + 1], new long[predictedBuckets + 1]);
    }

    RollingAggregate plus(MetricEvent e, double[] lagBoundsMs, double[] predictedBounds) {
        if (!e.matched()) {
            return new RollingAggregate(e.task(), e.family(), e.version(), e.alias(), matched, expired + 1,
                    regressionCount, sumSquaredLogError, sumAbsError, classifiedCount, correctCount, sumPredicted,
                    lagCounts, predictedCounts);
        }
        long[] lags = lagCounts.clone();
        lags[Histogram.bucketOf(lagBoundsMs, e.lagMs())]++;
        long[] preds = predictedCounts.clone();
        preds[Histogram.bucketOf(predictedBounds, e.predicted())]++;
        boolean regression = e.squaredLogError() != null;
        boolean classified = e.correct() != null;
        return new RollingAggregate(e.task(), e.family(), e.version(), e.alias(), matched + 1, expired,
                regressionCount + (regression ? 1 : 0),
                sumSquaredLogError + (regression ? e.squaredLogError() : 0.0),
                sumAbsError + e.absError(),
                classifiedCount + (classified ? 1 : 0),
                correctCount + (classified && e.correct() ? 1 : 0),
                sumPredicted + e.predicted(), lags, preds);
    }
}
