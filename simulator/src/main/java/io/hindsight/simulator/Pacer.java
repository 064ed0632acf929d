package io.hindsight.simulator;

/**
 * Hands out send permits on a {@link BurstSchedule}, measured from when the pacer was made. Not thread-safe:
 * one dispatcher thread owns it.
 */
public final class Pacer {
    private final BurstSchedule schedule;
    private final Ticker ticker;
    private final long start;
    private long next;

    public Pacer(BurstSchedule schedule, Ticker ticker) {
        this.schedule = schedule;
        this.ticker = ticker;
        this.start = ticker.nanoTime();
    }

    /** Nanoseconds until the next send is due; zero or negative when it is due now (or overdue). */
    public long nanosUntilNext() {
        return start + schedule.offsetNanos(next) - ticker.nanoTime();
    }

    /** Takes the next send if it is due. */
    public boolean tryNext() {
        if (nanosUntilNext() <= 0) {
            next++;
            return true;
        }
        return false;
    }

    /** Sends taken so far. */
    public long taken() {
        return next;
    }
}
