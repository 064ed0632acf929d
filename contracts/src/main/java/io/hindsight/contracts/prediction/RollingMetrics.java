package io.hindsight.contracts.prediction;

import java.util.Map;

/**
 * The value on {@code metrics.rolling}: one window's aggregate for task/family/version/alias.
 * Coverage = matched / (matched + expired): predictions whose horizon passed unmatched count against it.
 * Histograms map a bucket's upper bound ("le") to its count, cumulative like Prometheus buckets are not:
 * each count is of its own bucket only. Classifiers fill accuracy and the confusion counts, keyed
 * "truth>predicted" (e.g. "7>1"); regressors leave the map empty. rps adds the mean points per round the
 * output would have scored for the bot, and the games it finished moving the bot and how many of them it won.
 */
public record RollingMetrics(String task, String family, String version, String alias,
                             long windowStart, long windowEnd,
                             long matched, long expired, double coverage,
                             double rmsle, double mae, double accuracy,
                             double meanPredicted, double lagP50Ms, double lagP95Ms,
                             Map<String, Long> lagHistogramMs, Map<String, Long> predictedHistogram,
                             Map<String, Long> confusion, double pointsPerRound, long games, long gamesWon) {

    public RollingMetrics {
        confusion = confusion == null ? Map.of() : Map.copyOf(confusion);
    }

    public RollingMetrics(String task, String family, String version, String alias,
                          long windowStart, long windowEnd,
                          long matched, long expired, double coverage,
                          double rmsle, double mae, double accuracy,
                          double meanPredicted, double lagP50Ms, double lagP95Ms,
                          Map<String, Long> lagHistogramMs, Map<String, Long> predictedHistogram,
                          Map<String, Long> confusion) {
        this(task, family, version, alias, windowStart, windowEnd, matched, expired, coverage, rmsle, mae, accuracy,
                meanPredicted, lagP50Ms, lagP95Ms, lagHistogramMs, predictedHistogram, confusion, 0, 0, 0);
    }

    /** Games won / games finished, NaN before any game finished. */
    public double winRate() {
        return games == 0 ? Double.NaN : gamesWon / (double) games;
    }

    public static String key(String task, String family, String version, String alias, long windowStart) {
        return task + "/" + family + "/" + version + "/" + alias + "/" + windowStart;
    }
}
