package io.hindsight.joiner;

import io.hindsight.contracts.prediction.RollingMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds metric events into a window's aggregate and renders it as RollingMetrics. Error statistics, mean
 * predicted, both histograms and the confusion counts are over matched outputs only; expired outputs count
 * toward coverage. RollingMetrics has primitive doubles and JSON has no NaN, so a statistic with no data
 * (RMSLE of a window with only expired outputs, accuracy of a regression, RMSLE of a classifier) is 0: read
 * {@code matched} before it.
 *
 * <p>Classifiers: accuracy = correct / classified, MAE = the error rate (see {@link Scoring}), and
 * {@code confusion} counts each "truth&gt;predicted" pair seen in the window, e.g. {"7&gt;7": 41, "7&gt;1": 2};
 * pairs never seen are left out (read a missing key as 0), a predicted value that is no class is "other".
 * Regressors leave it empty.
 *
 * <p>rps adds {@code pointsPerRound} (mean points of the matched outputs that had a round value, 0 when none
 * did), {@code games} and {@code gamesWon} (last rounds seen by the served output; only that one moved the bot).
 */
final class RollingMetricsAggregator {
    /** Feedback lag buckets in ms: from sub-second (in-app feedback) to a day (beyond any sane horizon). */
    static final double[] LAG_BUCKETS_MS = {
            100, 250, 500, 1_000, 2_500, 5_000, 10_000, 15_000, 30_000, 45_000,
            60_000, 90_000, 120_000, 180_000, 240_000, 300_000, 450_000, 600_000, 900_000, 1_200_000,
            1_800_000, 2_700_000, 3_600_000, 7_200_000, 21_600_000, 86_400_000};

    private final double[] predictedBuckets;
    /** Null for a regression. */
    private final Classes classes;

    RollingMetricsAggregator(TaskProfile profile) {
        this.predictedBuckets = profile.predictedBuckets().clone();
        this.classes = profile.classes();
    }

    RollingAggregate empty() {
        return RollingAggregate.empty(LAG_BUCKETS_MS.length, predictedBuckets.length, classes == null ? 0 : classes.cells());
    }

    RollingAggregate add(RollingAggregate aggregate, MetricEvent event) {
        return aggregate.plus(event, LAG_BUCKETS_MS, predictedBuckets, classes);
    }

    RollingMetrics toMetrics(RollingAggregate a, long windowStart, long windowEnd) {
        long outcomes = a.matched() + a.expired();
        return new RollingMetrics(a.task(), a.family(), a.version(), a.alias(), windowStart, windowEnd,
                a.matched(), a.expired(),
                outcomes == 0 ? 0.0 : (double) a.matched() / outcomes,
                a.regressionCount() == 0 ? 0.0 : Math.sqrt(a.sumSquaredLogError() / a.regressionCount()),
                a.matched() == 0 ? 0.0 : a.sumAbsError() / a.matched(),
                a.classifiedCount() == 0 ? 0.0 : (double) a.correctCount() / a.classifiedCount(),
                a.matched() == 0 ? 0.0 : a.sumPredicted() / a.matched(),
                Histogram.quantile(LAG_BUCKETS_MS, a.lagCounts(), 0.50),
                Histogram.quantile(LAG_BUCKETS_MS, a.lagCounts(), 0.95),
                Histogram.toMap(LAG_BUCKETS_MS, a.lagCounts()),
                Histogram.toMap(predictedBuckets, a.predictedCounts()),
                confusion(a.confusion()),
                a.pointsCount() == 0 ? 0.0 : a.sumPoints() / a.pointsCount(),
                a.games(), a.gamesWon());
    }

    /** The non-zero cells, truth-major: "0&gt;0", "0&gt;other", "1&gt;0", ... */
    Map<String, Long> confusion(long[] cells) {
        if (classes == null || cells == null || cells.length != classes.cells()) {
            return Map.of();
        }
        Map<String, Long> map = new LinkedHashMap<>();
        for (int truth = 0; truth <= classes.count(); truth++) {
            for (int predicted = 0; predicted <= classes.count(); predicted++) {
                long n = cells[classes.cell(truth, predicted)];
                if (n > 0) {
                    map.put(classes.confusionKey(truth, predicted), n);
                }
            }
        }
        return map;
    }
}
