package io.hindsight.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Counters of one run, updated from many threads. Latency is kept in an HdrHistogram in nanoseconds. */
public final class Stats {
    private static final long MAX_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    final LongAdder sent = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder feedbackSent = new LongAdder();
    final LongAdder feedbackFailed = new LongAdder();
    /** Of the feedback sent, how much carried a deliberately wrong truth. */
    final LongAdder feedbackMislabelled = new LongAdder();
    /** Answers that could be judged right or wrong, and the right ones. */
    final LongAdder judged = new LongAdder();
    final LongAdder right = new LongAdder();
    final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final ConcurrentHistogram latency = new ConcurrentHistogram(1, MAX_TRACKABLE_NANOS, 3);

    void answered(long latencyNanos) {
        answered.increment();
        latency.recordValue(Math.min(Math.max(1, latencyNanos), MAX_TRACKABLE_NANOS));
    }

    /** Counts a judged answer; {@code null} (could not be judged) counts nothing. */
    void judged(Boolean wasRight) {
        if (wasRight != null) {
            judged.increment();
            if (wasRight) {
                right.increment();
            }
        }
    }

    void predictFailed(String kind) {
        errors.computeIfAbsent("predict " + kind, k -> new LongAdder()).increment();
    }

    void feedbackFailed(String kind) {
        feedbackFailed.increment();
        errors.computeIfAbsent("feedback " + kind, k -> new LongAdder()).increment();
    }

    public long sent() {
        return sent.sum();
    }

    public long answered() {
        return answered.sum();
    }

    public long feedbackSent() {
        return feedbackSent.sum();
    }

    public long feedbackFailed() {
        return feedbackFailed.sum();
    }

    public long feedbackMislabelled() {
        return feedbackMislabelled.sum();
    }

    public long judged() {
        return judged.sum();
    }

    public long right() {
        return right.sum();
    }

    public long errorCount() {
        long n = 0;
        for (LongAdder a : errors.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Errors by kind ("predict http 503", "feedback connect refused"...), sorted by kind. */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** A copy of the latency histogram of answered records, in nanoseconds. */
    public Histogram latency() {
        return latency.copy();
    }
}
