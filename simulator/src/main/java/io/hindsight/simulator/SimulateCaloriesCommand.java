package io.hindsight.simulator;

import io.hindsight.contracts.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight simulate calories}: streams exercise records one per request, in bursts, and sends each
 * answered record's measured calories after a delay; or, with {@code --concurrency}, drives a closed-loop load
 * and reports throughput and latency percentiles. Exit code 0 when at least one record was answered.
 */
@Command(name = "calories", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Streams calorie records to Hindsight (or the seed-004 service), one per",
            "request, and each answered record's measured calories after a delay.",
            "",
            "Stream mode (default): --rate records/s for --burst, then --idle, repeated.",
            "Load mode (--concurrency N): N workers each send the next record as soon",
            "as the previous one was answered, with no feedback; prints req/s and",
            "p50/p95/p99/max latency.",
            "Either stops after --count records or --duration, or on Ctrl-C.",
            ""},
        footer = {"", "Durations: 250ms, 30s, 5m, 1h30m, 1.5s or ISO-8601 (PT5M).",
            "Exit codes: 0 something was answered, 1 nothing was answered, 2 bad options."})
public final class SimulateCaloriesCommand implements Callable<Integer> {

    /** Where records come from. */
    public enum Source { GENERATOR, CSV }

    /** Where records go. */
    public enum TargetKind { HTTP, KAFKA }

    /** How ids look. */
    public enum IdStyle { TEXT, NUMBER }

    @Spec
    CommandSpec spec;

    @Option(names = "--source", converter = Enums.SourceConverter.class, paramLabel = "generator|csv",
            description = "Records from the Keytel-2005 generator or a CSV file (default: generator, or csv when --csv is given).")
    Source source;

    @Option(names = "--csv", paramLabel = "PATH",
            description = "Kaggle PS S5E5 CSV: id,Sex,Age,Height,Weight,Duration,Heart_Rate,Body_Temp[,Calories]. Feedback needs Calories.")
    Path csv;

    @Option(names = "--loop", description = "With --csv: start again at the top at the end of the file (default: stop there).")
    boolean loop;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--target", defaultValue = "http", converter = Enums.TargetConverter.class, paramLabel = "http|kafka",
            description = "Send over HTTP, or produce JSON straight onto calories.requests / calories.feedback (default: ${DEFAULT-VALUE}).")
    TargetKind targetKind;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080", description = "HTTP base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--routes", defaultValue = "v1", converter = Enums.RoutesConverter.class, paramLabel = "v1|seed",
            description = "v1: POST /v1/calories/predict and /v1/calories/feedback; seed: the seed-004 /predict and /feedback (default: ${DEFAULT-VALUE}).")
    Routes routes;

    @Option(names = "--client", defaultValue = "socket", converter = Enums.ClientConverter.class, paramLabel = "socket|jdk",
            description = "HTTP client: socket (light HTTP/1.1 keep-alive, http only) or jdk (java.net.http, also https) (default: ${DEFAULT-VALUE}).")
    HttpTransport.Kind client;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers for --target kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--rate", paramLabel = "RATE", defaultValue = "20", description = "Records per second during a burst (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--burst", paramLabel = "D", defaultValue = "5s", converter = Durations.Converter.class,
            description = "Length of a burst (default: ${DEFAULT-VALUE}).")
    Duration burst;

    @Option(names = "--idle", paramLabel = "D", defaultValue = "25s", converter = Durations.Converter.class,
            description = "Pause between bursts; 0 for a steady stream (default: ${DEFAULT-VALUE}).")
    Duration idle;

    @Option(names = "--feedback-delay", paramLabel = "D", defaultValue = "5m", converter = Durations.Converter.class,
            description = "Ground truth for an answered record is sent this long after the answer (default: ${DEFAULT-VALUE}).")
    Duration feedbackDelay;

    @Option(names = "--feedback-share", paramLabel = "SHARE", defaultValue = "1.0",
            description = "Share of answered records that get feedback, 0..1 (default: ${DEFAULT-VALUE}).")
    double feedbackShare;

    @Option(names = "--drain-feedback", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "When sending ends, wait for the feedback still pending (default: ${DEFAULT-VALUE}). Ctrl-C drops it.")
    boolean drainFeedback;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N records (default: no limit).")
    Long count;

    @Option(names = "--duration", paramLabel = "D", converter = Durations.Converter.class,
            description = "Stop sending after D; in load mode, measure for D after the warm-up (default: no limit).")
    Duration duration;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Load mode: N workers in a closed loop, no bursts, no feedback.")
    Integer concurrency;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "0s", converter = Durations.Converter.class,
            description = "Load mode: send for this long before measuring (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "64",
            description = "Stream mode: the most records awaiting an answer at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "10s", converter = Durations.Converter.class,
            description = "Per request: connect, answer, or Kafka acknowledgement (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--ids", converter = Enums.IdStyleConverter.class, paramLabel = "text|number",
            description = "text: <prefix><n>; number: <start>+n, for servers that take integer ids only like the seed-004 peer"
                    + " (default: number with --routes seed, else text).")
    IdStyle idStyle;

    @Option(names = "--id-prefix", paramLabel = "TEXT",
            description = "Prefix of text ids (default: a fresh run id such as rmhx3k2a1q7-).")
    String idPrefix;

    @Option(names = "--id-start", paramLabel = "N",
            description = "First number id (default: the run's start in epoch seconds x 10^9).")
    Long idStart;

    @Option(names = "--progress", defaultValue = "auto", converter = Enums.ProgressConverter.class, paramLabel = "auto|tty|lines|off",
            description = "Progress on stderr: rewritten line on a terminal, a line every 5 s otherwise (default: ${DEFAULT-VALUE}).")
    Progress.Mode progress;

    @Option(names = "--summary-json", paramLabel = "PATH", description = "Also write the final summary as JSON here.")
    Path summaryJson;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = Instant.now();
        RunIds ids = ids(now);
        boolean load = concurrency != null;
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
        try (RecordSource records = openSource(err);
             Target target = openTarget(ids)) {
            if (hasFeedback(load) && !records.hasTruth()) {
                throw new ParameterException(spec.commandLine(), csv
                        + " has no Calories column, which feedback needs: add it, or pass --feedback-share 0");
            }
            Feed feed = new Feed(records, ids, count == null ? 0 : count);
            err.printf("simulate calories: %s -> %s, ids %s%n", records.describe(), target.describe(), ids.describe());
            err.flush();
            Summary summary = load ? runLoad(feed, target, records, stop, err) : runStream(feed, target, records, stop, err);
            summary.print(out);
            if (summaryJson != null) {
                summary.writeJson(summaryJson);
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

    private Summary runStream(Feed feed, Target target, RecordSource records, StopSignal stop, PrintWriter err)
            throws InterruptedException {
        StreamRun.Settings settings = new StreamRun.Settings(new BurstSchedule(rate, burst, idle), duration,
                feedbackDelay, feedbackShare, maxInFlight, drainFeedback);
        StreamRun run = new StreamRun(settings, feed, target, records.hasTruth(), Ticker.system(), System::currentTimeMillis);
        err.printf(Locale.ROOT, "stream: %s records/s for %s, idle %s; feedback for %.0f%% after %s%s%n",
                trim(rate), Durations.format(burst), Durations.format(idle), feedbackShare * 100,
                Durations.format(feedbackDelay), stopRule());
        err.flush();
        long start = System.nanoTime();
        long abandoned;
        try (Progress p = new Progress(err, progress, run.stats(), run::pendingFeedback, run::phase)) {
            p.start();
            abandoned = run.run(stop);
        }
        if (abandoned > 0) {
            err.printf("dropped %d feedback still pending%n", abandoned);
        }
        return Summary.of("stream", target.describe(), records.describe(), 0, System.nanoTime() - start, run.stats(), abandoned);
    }

    private Summary runLoad(Feed feed, Target target, RecordSource records, StopSignal stop, PrintWriter err)
            throws InterruptedException {
        LoadRun run = new LoadRun(new LoadRun.Settings(concurrency, warmup, duration), feed, target, Ticker.system());
        err.printf("load: %d workers, closed loop, warm-up %s%s%n", concurrency, Durations.format(warmup), stopRule());
        err.flush();
        long elapsed;
        try (Progress p = new Progress(err, progress, run.live(), null, () -> "load    ")) {
            p.start();
            elapsed = run.run(stop);
        }
        return Summary.of("load", target.describe(), records.describe(), concurrency, elapsed, run.measured(), 0);
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (source == null) {
            source = csv != null ? Source.CSV : Source.GENERATOR;
        }
        if (source == Source.CSV && csv == null) {
            throw new ParameterException(cl, "--source csv needs --csv PATH");
        }
        if (source == Source.GENERATOR && csv != null) {
            throw new ParameterException(cl, "--csv is for --source csv");
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new ParameterException(cl, "--rate must be > 0");
        }
        if (burst.isZero() && !idle.isZero()) {
            throw new ParameterException(cl, "--burst must be > 0 when --idle is > 0");
        }
        if (!(feedbackShare >= 0 && feedbackShare <= 1)) {
            throw new ParameterException(cl, "--feedback-share must be between 0 and 1");
        }
        if (count != null && count <= 0) {
            throw new ParameterException(cl, "--count must be > 0");
        }
        if (duration != null && duration.isZero()) {
            throw new ParameterException(cl, "--duration must be > 0");
        }
        if (concurrency != null && (concurrency < 1 || concurrency > 10_000)) {
            throw new ParameterException(cl, "--concurrency must be between 1 and 10000");
        }
        if (maxInFlight < 1) {
            throw new ParameterException(cl, "--max-in-flight must be >= 1");
        }
        if (timeout.isZero()) {
            throw new ParameterException(cl, "--timeout must be > 0");
        }
        if (targetKind == TargetKind.HTTP) {
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || url.getHost() == null) {
                throw new ParameterException(cl, "--url must be an http(s) URL such as http://localhost:8080, got " + url);
            }
        }
        if (idStyle == null) {
            idStyle = targetKind == TargetKind.HTTP && routes == Routes.SEED ? IdStyle.NUMBER : IdStyle.TEXT;
        }
        if (idStyle == IdStyle.NUMBER && idPrefix != null) {
            throw new ParameterException(cl, "--id-prefix is for text ids; number ids take --id-start");
        }
        if (idStyle == IdStyle.TEXT && idStart != null) {
            throw new ParameterException(cl, "--id-start is for number ids (--ids number)");
        }
        if (idPrefix != null && (idPrefix.length() > 100)) {
            throw new ParameterException(cl, "--id-prefix must be at most 100 characters (ids are at most 128)");
        }
        if (idStart != null && idStart < 0) {
            throw new ParameterException(cl, "--id-start must be >= 0");
        }
    }

    private boolean hasFeedback(boolean load) {
        return !load && feedbackShare > 0;
    }

    private RunIds ids(Instant now) {
        if (idStyle == IdStyle.NUMBER) {
            return RunIds.number(idStart != null ? idStart : RunIds.defaultNumberStart(now));
        }
        return RunIds.text(idPrefix != null ? idPrefix : RunIds.newRunPrefix(now));
    }

    private RecordSource openSource(PrintWriter err) throws IOException {
        if (source == Source.GENERATOR) {
            return RecordSource.generator(seed);
        }
        try {
            return RecordSource.csv(csv, loop, msg -> {
                err.println(msg);
                err.flush();
            });
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no such file: " + csv);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Target openTarget(RunIds ids) {
        if (targetKind == TargetKind.KAFKA) {
            return KafkaTarget.create(bootstrapServers, Topics.calories(), timeout, "hindsight-simulator-" + ids.key(0));
        }
        return new HttpTarget(HttpTransport.create(client, url, timeout), url, routes);
    }

    private String stopRule() {
        StringBuilder sb = new StringBuilder();
        if (count != null) {
            sb.append("; stop after ").append(count).append(" records");
        }
        if (duration != null) {
            sb.append(count != null ? " or " : "; stop after ").append(Durations.format(duration));
        }
        if (sb.length() == 0) {
            sb.append("; until Ctrl-C");
        }
        return sb.toString();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
