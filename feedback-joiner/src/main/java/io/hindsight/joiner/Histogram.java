package io.hindsight.joiner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fixed-bucket histogram arithmetic over upper bounds ("le") plus an implicit +Inf bucket. Counts are per
 * bucket (not cumulative), as RollingMetrics documents. Fixed buckets keep the windowed state small: a
 * few dozen longs per window, not a sample list.
 */
final class Histogram {
    static final String INF = "+Inf";

    private Histogram() {
    }

    /** The bucket of {@code value}: the first bound it does not exceed, or bounds.length for +Inf. */
    static int bucketOf(double[] bounds, double value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    /**
     * The q-quantile estimated as Prometheus' histogram_quantile does: linear within the bucket that holds
     * the rank, 0 as the first bucket's lower edge, the last finite bound for the +Inf bucket; 0 if empty.
     */
    static double quantile(double[] bounds, long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0.0;
        }
        double rank = q * total;
        long before = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && before + counts[i] >= rank) {
                if (i >= bounds.length) {
                    return bounds[bounds.length - 1];
                }
                double lower = i == 0 ? 0.0 : bounds[i - 1];
                return lower + (bounds[i] - lower) * (rank - before) / counts[i];
            }
            before += counts[i];
        }
        return bounds[bounds.length - 1];
    }

    /** Every bucket, in bound order, keyed by its "le" label. */
    static Map<String, Long> toMap(double[] bounds, long[] counts) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < bounds.length; i++) {
            map.put(label(bounds[i]), counts[i]);
        }
        map.put(INF, counts[bounds.length]);
        return map;
    }

    static String label(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
    }
}
