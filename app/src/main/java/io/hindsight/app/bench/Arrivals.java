package io.hindsight.app.bench;

import java.util.Arrays;

/**
 * When each counted record arrived ({@link System#nanoTime()}), in order: one writer (the counting
 * consumer's thread), readers see {@link #count()} grow.
 */
final class Arrivals {
    private long[] times;
    private volatile int count;

    Arrivals(int expected) {
        times = new long[Math.max(16, expected)];
    }

    /** {@code k} records arrived at {@code nanos} (one poll). */
    void add(int k, long nanos) {
        int n = count;
        if (n + k > times.length) {
            times = Arrays.copyOf(times, Math.max(n + k, times.length * 2));
        }
        Arrays.fill(times, n, n + k, nanos);
        count = n + k;
    }

    int count() {
        return count;
    }

    /** A copy of the first {@code count()} times. */
    long[] times() {
        return Arrays.copyOf(times, count);
    }
}
