package io.hindsight.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The closed-loop load mode: N workers each send the next record as soon as the previous one was answered,
 * for a duration or a count, with no bursts and no feedback; answers are still judged, for tasks that are.
 * Records sent during the warm-up are not measured; the measured window runs from the end of the warm-up to
 * the last answer.
 */
final class LoadRun<R> {

    /**
     * @param duration how long to measure after the warm-up, or null to run until the count or Ctrl-C
     */
    record Settings(int concurrency, Duration warmup, Duration duration) {
    }

    private static final long CONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Settings settings;
    private final Feed<R> feed;
    private final Target target;
    private final Workload<R> workload;
    private final Ticker ticker;
    /** Everything, for the progress line. */
    private final Stats live = new Stats();
    /** What started after the warm-up: the summary. */
    private final Stats measured = new Stats();
    private volatile long measureFrom;

    LoadRun(Settings settings, Feed<R> feed, Target target, Workload<R> workload, Ticker ticker) {
        this.settings = settings;
        this.feed = feed;
        this.target = target;
        this.workload = workload;
        this.ticker = ticker;
    }

    Stats live() {
        return live;
    }

    Stats measured() {
        return measured;
    }

    /** Runs until the duration passes, the feed ends, or a stop; returns the measured window in nanoseconds. */
    long run(StopSignal stop) throws InterruptedException {
        long start = ticker.nanoTime();
        measureFrom = start + settings.warmup().toNanos();
        AtomicInteger running = new AtomicInteger(settings.concurrency());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < settings.concurrency(); i++) {
            Thread t = new Thread(() -> {
                try {
                    work(stop);
                } finally {
                    if (running.decrementAndGet() == 0) {
                        stop.request();
                    }
                }
            }, "simulator-load-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
        long total = settings.duration() == null ? Long.MAX_VALUE
                : settings.warmup().toNanos() + settings.duration().toNanos();
        stop.await(total);
        stop.request();
        for (Thread t : workers) {
            t.join();
        }
        return Math.max(0, ticker.nanoTime() - measureFrom);
    }

    private void work(StopSignal stop) {
        try {
            while (!stop.isRequested()) {
                Feed.Item<R> item = feed.next();
                if (item == null) {
                    return;
                }
                byte[] body = workload.request(item.id(), item.row());
                long t0 = ticker.nanoTime();
                boolean measuring = t0 - measureFrom >= 0;
                live.sent.increment();
                if (measuring) {
                    measured.sent.increment();
                }
                Target.Outcome out = target.predict(item.key(), body);
                long latency = ticker.nanoTime() - t0;
                if (out.isOk()) {
                    Boolean right = workload.judge(item.row(), out.body());
                    live.answered(latency);
                    live.judged(right);
                    if (measuring) {
                        measured.answered(latency);
                        measured.judged(right);
                    }
                } else {
                    live.predictFailed(out.errorKind());
                    if (measuring) {
                        measured.predictFailed(out.errorKind());
                    }
                    if (out.errorKind().startsWith("connect")) {
                        // nothing listens: don't spin
                        stop.await(CONNECT_BACKOFF_NANOS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
