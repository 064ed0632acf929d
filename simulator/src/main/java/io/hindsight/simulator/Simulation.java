package io.hindsight.simulator;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code simulate <task>} run, whatever the task: opens the target, streams records (with their ground truth
 * later) or drives the closed-loop load, shows progress, and prints the summary. Ctrl-C stops it and drops
 * the feedback still pending. The exit code is 0 when at least one record was answered, else 1.
 */
final class Simulation<R> {
    private final SimulationOptions options;
    private final RecordSource<R> records;
    private final Workload<R> workload;
    private final Routes routes;
    private final PrintWriter out;
    private final PrintWriter err;

    /** @param options already validated; the run reads the records but does not close them */
    Simulation(SimulationOptions options, RecordSource<R> records, Workload<R> workload, Routes routes) {
        this.options = options;
        this.records = records;
        this.workload = workload;
        this.routes = routes;
        this.out = options.spec.commandLine().getOut();
        this.err = options.spec.commandLine().getErr();
    }

    int run() throws Exception {
        RunIds ids = options.ids(Instant.now());
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            stop.abandon();
            try {
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulator-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try (Target target = options.openTarget(workload.task(), routes, ids)) {
            Feed<R> feed = new Feed<>(records, ids, options.count == null ? 0 : options.count);
            err.printf("simulate %s: %s -> %s, ids %s%n", workload.task().id(), describeRecords(), target.describe(),
                    ids.describe());
            err.flush();
            Summary summary = options.isLoad() ? runLoad(feed, target, stop) : runStream(feed, target, stop);
            summary.print(out);
            if (options.summaryJson != null) {
                summary.writeJson(options.summaryJson);
            }
            return summary.answered() > 0 ? 0 : 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }

    private Summary runStream(Feed<R> feed, Target target, StopSignal stop) throws InterruptedException {
        SimulationOptions o = options;
        StreamRun.Settings settings = new StreamRun.Settings(new BurstSchedule(o.rate, o.burst, o.idle), o.duration,
                o.feedbackDelay, o.feedbackShare, o.maxInFlight, o.drainFeedback);
        StreamRun<R> run = new StreamRun<>(settings, feed, target, workload, Ticker.system(), System::currentTimeMillis);
        err.printf(Locale.ROOT, "stream: %s records/s for %s, idle %s; feedback for %.0f%% after %s%s%n",
                trim(o.rate), Durations.format(o.burst), Durations.format(o.idle), o.feedbackShare * 100,
                Durations.format(o.feedbackDelay), o.stopRule());
        err.flush();
        long start = System.nanoTime();
        long abandoned;
        try (Progress p = new Progress(err, o.progress, run.stats(), run::pendingFeedback, run::phase)) {
            p.start();
            abandoned = run.run(stop);
        }
        if (abandoned > 0) {
            err.printf("dropped %d feedback still pending%n", abandoned);
        }
        return Summary.of("stream", target.describe(), describeRecords(), 0, System.nanoTime() - start, run.stats(),
                abandoned, workload.judgesAnswers());
    }

    private Summary runLoad(Feed<R> feed, Target target, StopSignal stop) throws InterruptedException {
        SimulationOptions o = options;
        LoadRun<R> run = new LoadRun<>(new LoadRun.Settings(o.concurrency, o.warmup, o.duration), feed, target, workload,
                Ticker.system());
        err.printf("load: %d workers, closed loop, warm-up %s%s%n", o.concurrency, Durations.format(o.warmup), o.stopRule());
        err.flush();
        long elapsed;
        try (Progress p = new Progress(err, o.progress, run.live(), null, () -> "load    ")) {
            p.start();
            elapsed = run.run(stop);
        }
        return Summary.of("load", target.describe(), describeRecords(), o.concurrency, elapsed, run.measured(), 0,
                workload.judgesAnswers());
    }

    private String describeRecords() {
        return records.describe() + workload.describe();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
