package io.hindsight.simulator;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The stream mode: records go out one per request on a bursty schedule; each answered record's ground truth
 * goes out after the feedback delay. What the bodies look like is the {@link Workload}'s business. When sending ends (count, duration, end of the CSV) the run waits for
 * the feedback still pending, unless told not to; Ctrl-C drops it and says how much was dropped.
 */
final class StreamRun<R> {

    /**
     * @param duration      how long to send for, or null for no limit
     * @param maxInFlight   the most records awaiting an answer at once; the schedule waits beyond that
     * @param drainFeedback wait for pending feedback once sending ends
     */
    record Settings(BurstSchedule schedule, Duration duration, Duration feedbackDelay, double feedbackShare,
                    int maxInFlight, boolean drainFeedback) {
    }

    private final Settings settings;
    private final Feed<R> feed;
    private final Target target;
    private final Workload<R> workload;
    private final Ticker ticker;
    private final LongSupplier epochMillis;
    private final Stats stats = new Stats();
    private final FeedbackSchedule<R> feedback;
    /** Feedback scheduled or on its way and not yet answered: counted from add to answer. */
    private final AtomicLong feedbackOutstanding = new AtomicLong();
    private final AtomicLong phaseDraining = new AtomicLong();

    StreamRun(Settings settings, Feed<R> feed, Target target, Workload<R> workload, Ticker ticker, LongSupplier epochMillis) {
        this.settings = settings;
        this.feed = feed;
        this.target = target;
        this.workload = workload;
        this.ticker = ticker;
        this.epochMillis = epochMillis;
        this.feedback = new FeedbackSchedule<>(ticker, settings.feedbackDelay().toNanos());
    }

    Stats stats() {
        return stats;
    }

    /** Feedback scheduled or on its way, not yet answered. */
    long pendingFeedback() {
        return feedbackOutstanding.get();
    }

    String phase() {
        return phaseDraining.get() == 0 ? "sending " : "draining";
    }

    /** Runs until done or stopped; returns how much feedback was abandoned. */
    long run(StopSignal stop) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(settings.maxInFlight(), daemon("simulator-send"));
        Semaphore permits = new Semaphore(settings.maxInFlight());
        Thread feedbackLoop = new Thread(() -> sendFeedbackWhenDue(pool, stop), "simulator-feedback");
        feedbackLoop.setDaemon(true);
        feedbackLoop.start();
        try {
            dispatch(pool, permits, stop);
            permits.acquire(settings.maxInFlight());
            phaseDraining.set(1);
            if (settings.drainFeedback()) {
                while (pendingFeedback() > 0 && !stop.isAbandoned()) {
                    stop.await(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        } finally {
            stop.request();
            feedback.wake();
            feedbackLoop.join(TimeUnit.SECONDS.toMillis(5));
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        int abandoned = feedback.clear();
        feedbackOutstanding.addAndGet(-abandoned);
        return abandoned;
    }

    /** Sends records on the schedule until the feed ends, the duration passes, or a stop is requested. */
    private void dispatch(ExecutorService pool, Semaphore permits, StopSignal stop) throws InterruptedException {
        Pacer pacer = new Pacer(settings.schedule(), ticker);
        long start = ticker.nanoTime();
        long deadline = settings.duration() == null ? Long.MAX_VALUE : settings.duration().toNanos();
        Feed.Item<R> item = feed.next();
        while (item != null && !stop.isRequested()) {
            long wait = pacer.nanosUntilNext();
            long untilDeadline = deadline - (ticker.nanoTime() - start);
            if (wait >= untilDeadline) {
                // the next send falls after the end of the run
                stop.await(Math.max(0, untilDeadline));
                return;
            }
            if (wait > 0) {
                stop.await(wait);
                continue;
            }
            pacer.tryNext();
            while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (stop.isRequested()) {
                    return;
                }
            }
            stats.sent.increment();
            stats.inFlight.incrementAndGet();
            Feed.Item<R> sending = item;
            pool.execute(() -> {
                try {
                    predict(sending);
                } finally {
                    stats.inFlight.decrementAndGet();
                    permits.release();
                }
            });
            item = feed.next();
        }
    }

    private void predict(Feed.Item<R> item) {
        byte[] body = workload.request(item.id(), item.row());
        long t0 = ticker.nanoTime();
        Target.Outcome out = target.predict(item.key(), body);
        long t1 = ticker.nanoTime();
        if (!out.isOk()) {
            stats.predictFailed(out.errorKind());
            return;
        }
        stats.answered(t1 - t0);
        stats.judged(workload.judge(item.row(), out.body()));
        if (workload.hasTruth(item.row()) && FeedbackSchedule.selected(item.seq(), settings.feedbackShare())) {
            feedbackOutstanding.incrementAndGet();
            feedback.add(item.id(), item.key(), item.row());
        }
    }

    private void sendFeedbackWhenDue(ExecutorService pool, StopSignal stop) {
        try {
            while (!(stop.isRequested() && (stop.isAbandoned() || !settings.drainFeedback() || feedback.size() == 0))) {
                for (FeedbackSchedule.Pending<R> p : feedback.awaitDue(TimeUnit.MILLISECONDS.toNanos(200))) {
                    pool.execute(() -> {
                        try {
                            sendFeedback(p);
                        } finally {
                            feedbackOutstanding.decrementAndGet();
                        }
                    });
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendFeedback(FeedbackSchedule.Pending<R> p) {
        Target.Outcome out = target.feedback(p.key(), workload.feedback(p.id(), p.truth(), epochMillis.getAsLong()));
        if (out.isOk()) {
            stats.feedbackSent.increment();
            if (workload.mislabelled(p.truth())) {
                stats.feedbackMislabelled.increment();
            }
        } else {
            stats.feedbackFailed(out.errorKind());
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
