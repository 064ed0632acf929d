package io.hindsight.app.bench;

import java.util.Arrays;

/**
 * The arithmetic of the benchmarks, kept apart so it is tested without a broker. Arrival times are
 * {@link System#nanoTime()} values, one per counted record, in arrival order (records that arrive in the same
 * poll share a time).
 */
public final class Rates {
    private Rates() {
    }

    /** Indices {@code from..to} (inclusive) of a run of arrivals, and the rate between them. */
    public record Span(int from, int to, double seconds, double perSecond) {
    }

    /**
     * Records per second from arrival {@code from} to arrival {@code to}: the {@code to - from} records that
     * arrived after the first one, over the time between the two. NaN when that time is zero (one poll).
     */
    public static Span between(long[] arrivals, int from, int to) {
        if (from < 0 || to >= arrivals.length || from > to) {
            throw new IllegalArgumentException("need 0 <= from <= to < " + arrivals.length + ", got " + from + ".." + to);
        }
        double seconds = (arrivals[to] - arrivals[from]) / 1e9;
        double rate = seconds > 0 ? (to - from) / seconds : Double.NaN;
        return new Span(from, to, seconds, rate);
    }

    /** From the first to the n-th arrival. */
    public static Span overall(long[] arrivals, int n) {
        return between(arrivals, 0, n - 1);
    }

    /**
     * The middle {@code fraction} of n arrivals: it leaves out the first and the last (1 - fraction) / 2, the
     * warm-up (JIT, first fetches) and the tail (the last partial batches). For n = 1000 and 0.8: arrivals
     * 100 to 899.
     */
    public static Span middle(long[] arrivals, int n, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], was " + fraction);
        }
        double cut = (1 - fraction) / 2;
        int from = (int) Math.round(n * cut);
        int to = Math.max(from, (int) Math.round(n * (1 - cut)) - 1);
        return between(arrivals, from, to);
    }

    /** How many of the first n arrivals fell into each whole second after {@code origin}. */
    public static long[] perSecond(long[] arrivals, int n, long origin) {
        if (n == 0) {
            return new long[0];
        }
        int seconds = (int) ((arrivals[n - 1] - origin) / 1_000_000_000L) + 1;
        long[] counts = new long[Math.max(seconds, 1)];
        for (int i = 0; i < n; i++) {
            long s = (arrivals[i] - origin) / 1_000_000_000L;
            counts[(int) Math.max(0, s)]++;
        }
        return counts;
    }

    /** The median: the middle value, or the mean of the two middle values for an even count. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** Nearest-rank percentile ({@code p} in 0..100): the smallest value with at least p% of values at or below it. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("p must be in 0..100, was " + p);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, rank - 1)];
    }

    /** Per-second counts of the whole seconds only: the first and the last (partial) second are dropped. */
    public static double[] wholeSeconds(long[] perSecond) {
        if (perSecond.length <= 2) {
            return new double[0];
        }
        double[] out = new double[perSecond.length - 2];
        for (int i = 1; i < perSecond.length - 1; i++) {
            out[i - 1] = perSecond[i];
        }
        return out;
    }
}
