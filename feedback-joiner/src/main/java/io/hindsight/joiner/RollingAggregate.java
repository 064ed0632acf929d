package io.hindsight.joiner;

/**
 * The windowed state behind one RollingMetrics record: sums and bucket counts, so that updating it is
 * O(buckets) and the value stays small in the changelog. Immutable: {@link #plus} returns a copy.
 *
 * <p>{@code confusion} is a classifier's confusion matrix over matched outputs, flattened row by row (truth,
 * then predicted, each with a last {@link Classes#OTHER} slot, see {@link Classes#cell}): 121 longs for
 * digits, empty for a regression. An aggregate written before the field existed reads it as null and counts
 * from zero.
 *
 * <p>rps: {@code pointsCount}/{@code sumPoints} over matched outputs that had points, {@code games} and
 * {@code gamesWon} over last rounds of the served output. Older aggregates read them as 0.
 */
record RollingAggregate(String task, String family, String version, String alias,
                        long matched, long expired,
                        long regressionCount, double sumSquaredLogError, double sumAbsError,
                        long classifiedCount, long correctCount, double sumPredicted,
                        long[] lagCounts, long[] predictedCounts, long[] confusion,
                        long pointsCount, double sumPoints, long games, long gamesWon) {

    static RollingAggregate empty(int lagBuckets, int predictedBuckets, int confusionCells) {
        return new RollingAggregate(null, null, null, null, 0, 0, 0, 0.0, 0.0, 0, 0, 0.0,
                new long[lagBuckets + 1], new long[predictedBuckets + 1], new long[confusionCells], 0, 0.0, 0, 0);
    }

    /** @param classes the classifier's classes, or null for a regression (no confusion counts) */
    RollingAggregate plus(MetricEvent e, double[] lagBoundsMs, double[] predictedBounds, Classes classes) {
        if (!e.matched()) {
            return new RollingAggregate(e.task(), e.family(), e.version(), e.alias(), matched, expired + 1,
                    regressionCount, sumSquaredLogError, sumAbsError, classifiedCount, correctCount, sumPredicted,
                    lagCounts, predictedCounts, confusion, pointsCount, sumPoints, games, gamesWon);
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
                sumPredicted + e.predicted(), lags, preds, confusionPlus(e, classes),
                pointsCount + (e.points() != null ? 1 : 0),
                sumPoints + (e.points() != null ? e.points() : 0.0),
                games + (e.gameWon() != null ? 1 : 0),
                gamesWon + (Boolean.TRUE.equals(e.gameWon()) ? 1 : 0));
    }

    /**
     * This aggregate and {@code other} together, as if every event of both had been added to one: counts, sums
     * and bucket counts add up. What makes pre-aggregating before the windows exact (RollingPartials).
     */
    RollingAggregate merge(RollingAggregate other) {
        return new RollingAggregate(task != null ? task : other.task, family != null ? family : other.family,
                version != null ? version : other.version, alias != null ? alias : other.alias,
                matched + other.matched, expired + other.expired,
                regressionCount + other.regressionCount, sumSquaredLogError + other.sumSquaredLogError,
                sumAbsError + other.sumAbsError,
                classifiedCount + other.classifiedCount, correctCount + other.correctCount,
                sumPredicted + other.sumPredicted,
                add(lagCounts, other.lagCounts), add(predictedCounts, other.predictedCounts),
                add(confusion, other.confusion),
                pointsCount + other.pointsCount, sumPoints + other.sumPoints,
                games + other.games, gamesWon + other.gamesWon);
    }

    /** Element-wise sum; a null or empty side (an aggregate written before the field existed) counts as zeros. */
    private static long[] add(long[] a, long[] b) {
        if (a == null || a.length == 0) {
            return b == null ? a : b.clone();
        }
        if (b == null || b.length == 0) {
            return a.clone();
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("bucket counts differ in length: " + a.length + " vs " + b.length);
        }
        long[] sum = a.clone();
        for (int i = 0; i < b.length; i++) {
            sum[i] += b[i];
        }
        return sum;
    }

    private long[] confusionPlus(MetricEvent e, Classes classes) {
        if (classes == null) {
            return confusion;
        }
        long[] cells = confusion == null || confusion.length != classes.cells() ? new long[classes.cells()] : confusion.clone();
        if (e.correct() != null && e.truth() != null) {
            cells[classes.cell(classes.indexOf(e.truth()), classes.indexOf(e.predicted()))]++;
        }
        return cells;
    }
}
