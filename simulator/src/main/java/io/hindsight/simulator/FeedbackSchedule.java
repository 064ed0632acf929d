package io.hindsight.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ground truth waiting to be sent: each answered record's feedback is due a fixed delay after its answer. Due
 * items come out in due-time order, ties in the order they were added. Thread-safe; times come from the
 * {@link Ticker} it was built with, so tests drive it with a fake clock.
 */
public final class FeedbackSchedule<T> {

    /** One feedback to send: the request id (String or Long, as sent), the truth, and when it is due. */
    public record Pending<T>(long seq, Object id, String key, T truth, long dueNanos) {
    }

    private final Comparator<Pending<T>> order =
            Comparator.<Pending<T>>comparingLong(Pending::dueNanos).thenComparingLong(Pending::seq);

    private final Ticker ticker;
    private final long delayNanos;
    private final PriorityQueue<Pending<T>> queue = new PriorityQueue<>(order);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long added;

    public FeedbackSchedule(Ticker ticker, long delayNanos) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must be >= 0");
        }
        this.ticker = ticker;
        this.delayNanos = delayNanos;
    }

    /** Schedules feedback for a record answered now; due after the delay. */
    public Pending<T> add(Object id, String key, T truth) {
        lock.lock();
        try {
            Pending<T> p = new Pending<>(added++, id, key, truth, ticker.nanoTime() + delayNanos);
            queue.add(p);
            if (queue.peek() == p) {
                changed.signalAll();
            }
            return p;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns every item due at {@code nowNanos}, earliest first. */
    public List<Pending<T>> pollDue(long nowNanos) {
        lock.lock();
        try {
            List<Pending<T>> due = new ArrayList<>();
            while (!queue.isEmpty() && queue.peek().dueNanos() - nowNanos <= 0) {
                due.add(queue.poll());
            }
            return due;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns what is due now by the schedule's ticker. */
    public List<Pending<T>> pollDue() {
        return pollDue(ticker.nanoTime());
    }

    /**
     * Waits until something is due, something earlier is added, {@link #wake()} is called, or {@code maxWaitNanos}
     * passes, then returns what is due (possibly nothing).
     */
    public List<Pending<T>> awaitDue(long maxWaitNanos) throws InterruptedException {
        lock.lock();
        try {
            long now = ticker.nanoTime();
            long wait = queue.isEmpty() ? maxWaitNanos : Math.min(maxWaitNanos, queue.peek().dueNanos() - now);
            if (wait > 0) {
                changed.await(wait, TimeUnit.NANOSECONDS);
            }
            return pollDue(ticker.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a thread blocked in {@link #awaitDue}. */
    public void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything still pending and returns how many there were. */
    public int clear() {
        lock.lock();
        try {
            int n = queue.size();
            queue.clear();
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Nanoseconds until the earliest item is due (0 if due now), or -1 when nothing is pending. */
    public long nanosUntilNext(long nowNanos) {
        lock.lock();
        try {
            return queue.isEmpty() ? -1 : Math.max(0, queue.peek().dueNanos() - nowNanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether send {@code seq} gets feedback when a share of the answered records do: a deterministic hash of
     * the sequence number, so a run with the same options gives feedback for the same records.
     */
    public static boolean selected(long seq, double share) {
        if (share >= 1.0) {
            return true;
        }
        if (share <= 0.0) {
            return false;
        }
        return (mix(seq) >>> 11) * 0x1.0p-53 < share;
    }

    /** SplitMix64's finaliser: spreads consecutive numbers uniformly over 64 bits. */
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
