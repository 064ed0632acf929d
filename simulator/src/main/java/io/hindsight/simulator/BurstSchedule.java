package io.hindsight.simulator;

import java.time.Duration;

/**
 * When each record of a bursty stream is due, as an offset from the start of the run: {@code rate} records per
 * second for {@code burst}, then nothing for {@code idle}, repeated. With a zero idle the stream is steady at
 * {@code rate}. Pure arithmetic: the n-th send's offset does not depend on when earlier sends happened, so a
 * stalled sender catches up instead of drifting.
 *
 * @param ratePerSecond records per second during a burst, > 0
 * @param burst         length of a burst, > 0 unless idle is zero
 * @param idle          pause between bursts, >= 0
 */
public record BurstSchedule(double ratePerSecond, Duration burst, Duration idle) {
    private static final double NANOS_PER_SECOND = 1e9;

    public BurstSchedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be > 0 records/s, got " + ratePerSecond);
        }
        if (burst.isNegative() || idle.isNegative()) {
            throw new IllegalArgumentException("burst and idle must not be negative");
        }
        if (burst.isZero() && !idle.isZero()) {
            throw new IllegalArgumentException("burst must be > 0 when idle is > 0");
        }
    }

    /** A steady stream at the given rate. */
    public static BurstSchedule steady(double ratePerSecond) {
        return new BurstSchedule(ratePerSecond, Duration.ZERO, Duration.ZERO);
    }

    public boolean isSteady() {
        return idle.isZero();
    }

    /** Sends per burst: the k >= 0 with k / rate < burst. */
    public long sendsPerBurst() {
        if (isSteady()) {
            return Long.MAX_VALUE;
        }
        double exact = ratePerSecond * burst.toNanos() / NANOS_PER_SECOND;
        long n = (long) Math.ceil(exact - 1e-9);
        return Math.max(1, n);
    }

    public long cycleNanos() {
        return burst.toNanos() + idle.toNanos();
    }

    /** Offset from the start of the run at which send n (0-based) is due. */
    public long offsetNanos(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        if (isSteady()) {
            return Math.round(n * NANOS_PER_SECOND / ratePerSecond);
        }
        long perBurst = sendsPerBurst();
        long cycle = n / perBurst;
        long k = n % perBurst;
        return cycle * cycleNanos() + Math.round(k * NANOS_PER_SECOND / ratePerSecond);
    }
}
