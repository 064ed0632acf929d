package io.hindsight.app.bench;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.simulator.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight bench cold-start}: seconds from {@code java -jar hindsight.jar} (fresh data dir, so the broker
 * is formatted and the calories models are trained) to the first 200 answer of POST /v1/calories/predict,
 * polled every 100 ms from the moment the process starts. Each run is a new process, killed afterwards.
 */
@Command(name = "cold-start", mixinStandardHelpOptions = true,
        description = {"Seconds from `java -jar <jar>` (fresh --data-dir, free ports) to the first 200 answer of "
                + "POST /v1/calories/predict, polled every --poll-ms from the moment the process starts; each run in "
                + "a new process, stopped afterwards.",
                "Modes: calories-only (--digits-first-start off --rps-first-start off: only calories trains) and "
                        + "defaults (the app's defaults: digits and rps also train in the background)."})
public final class ColdStartBenchCommand implements Callable<Integer> {
    static final Map<String, List<String>> MODES = Map.of(
            "calories-only", List.of("--digits-first-start", "off", "--rps-first-start", "off"),
            "defaults", List.of());
    /** Log lines that mark a step of the start, and what they mean. */
    private static final Map<String, String> MILESTONES = new LinkedHashMap<>();

    static {
        MILESTONES.put("starting roles", "Hindsight.start");
        MILESTONES.put("embedded Kafka (KRaft) on", "broker up");
        MILESTONES.put("first-start training done in", "calories models published");
        MILESTONES.put("Hindsight is up in", "all roles + HTTP started");
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--jar", description = "The jar to start (default: the jar this command runs from).")
    Path jar;

    @Option(names = "--repeats", defaultValue = "3", description = "Runs per mode (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--modes", split = ",", defaultValue = "calories-only,defaults",
            description = "calories-only and/or defaults (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--poll-ms", defaultValue = "100", description = "Poll interval (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @Option(names = "--timeout", defaultValue = "240", description = "Seconds to wait for the first 200 per run (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--pause", defaultValue = "15", description = "Seconds between runs, for the machine to settle (default: ${DEFAULT-VALUE}).")
    int pauseSeconds;

    @Option(names = "--java-opt", description = "A JVM option for the started process (repeatable), e.g. --java-opt=-Xmx2g.")
    List<String> javaOpts = new ArrayList<>();

    @Option(names = "--keep-logs", paramLabel = "DIR", description = "Copy each run's log here.")
    Path keepLogs;

    @Option(names = "--json", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "Also give the figures as JSON: on stdout (the table then goes to stderr), or into FILE.")
    String json;

    /** One run's figures; seconds are from just before the process was started. */
    record Run(String mode, int run, double firstAnswer, double firstOk, Map<String, Double> milestones,
               Map<String, Integer> answers, String loadBefore, String loadAfter, double stopSeconds, String error,
               double childCpuSeconds, double otherCores) {
    }

    @Override
    public Integer call() throws Exception {
        Path theJar = jar != null ? jar : runningJar();
        if (theJar == null || !Files.isRegularFile(theJar)) {
            System.err.println("no jar: give --jar (not running from one)");
            return 2;
        }
        for (String m : modes) {
            if (!MODES.containsKey(m)) {
                System.err.println("unknown mode '" + m + "'; modes: " + MODES.keySet());
                return 2;
            }
        }
        MachineFacts facts = MachineFacts.start();
        Report.progress("%s", facts.line());
        List<Run> runs = new ArrayList<>();
        for (String mode : modes) {
            for (int i = 1; i <= repeats; i++) {
                if (!runs.isEmpty() && pauseSeconds > 0) {
                    Thread.sleep(pauseSeconds * 1000L);
                }
                Run r = runOnce(theJar, mode, i);
                runs.add(r);
                Report.progress("%s run %d: first 200 after %s s (HTTP answered after %s s), load %s -> %s%s", mode, i,
                        Report.n2(r.firstOk()), Report.n2(r.firstAnswer()), r.loadBefore(), r.loadAfter(),
                        r.error() == null ? "" : " ERROR: " + r.error());
            }
        }
        facts.end();
        report(facts, theJar, runs).print(System.out, json != null, json == null || json.isEmpty() ? null : Path.of(json));
        return runs.stream().allMatch(r -> r.error() == null) ? 0 : 1;
    }

    private static Path runningJar() {
        String cp = System.getProperty("java.class.path", "");
        if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator)) {
            return Path.of(cp).toAbsolutePath();
        }
        return null;
    }

    private Run runOnce(Path theJar, String mode, int run) throws IOException, InterruptedException {
        Path dir = BenchBroker.tempDir("hindsight-bench-cold-");
        Path log = dir.resolve("hindsight.log");
        int httpPort = EmbeddedKafka.freePort();
        int kafkaPort = EmbeddedKafka.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(javaOpts);
        cmd.addAll(List.of("-jar", theJar.toString(), "--data-dir", dir.resolve("data").toString(),
                "--http-port", Integer.toString(httpPort), "--kafka-port", Integer.toString(kafkaPort)));
        cmd.addAll(MODES.get(mode));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HINDSIGHT_")); // the app's defaults, not this shell's
        String loadBefore = MachineFacts.loadAverage();
        Report.progress("%s run %d: %s", mode, run, String.join(" ", cmd));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(500)).build();
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/v1/calories/predict");
        CaloriesGenerator gen = new CaloriesGenerator(run);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        AtomicLong firstAnswer = new AtomicLong(-1);
        AtomicLong firstOk = new AtomicLong(-1);
        AtomicInteger inFlight = new AtomicInteger();
        String error = null;
        double stopSeconds;

        long busy0 = CpuSnapshot.machineBusy();
        long ownCpu0 = ownCpuNanos();
        LocalTime wall0 = LocalTime.now();
        long t0 = System.nanoTime();
        Process p = pb.start();
        double childCpu = Double.NaN;
        double others = Double.NaN;
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long next = t0;
            int seq = 0;
            while (firstOk.get() < 0) {
                long now = System.nanoTime();
                if (now > deadline) {
                    error = "no 200 within " + timeoutSeconds + " s";
                    break;
                }
                if (!p.isAlive()) {
                    error = "the process exited with " + p.exitValue() + " (see its log)";
                    break;
                }
                if (now >= next) {
                    next += TimeUnit.MILLISECONDS.toNanos(pollMillis);
                    if (inFlight.get() < 100) {
                        String id = "cold-" + mode + "-" + run + "-" + seq++;
                        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.request(id, gen.next().record())))
                                .build();
                        inFlight.incrementAndGet();
                        client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, e) -> {
                            long at = System.nanoTime();
                            inFlight.decrementAndGet();
                            String kind = e != null ? kindOf(e) : "http " + resp.statusCode();
                            if (firstOk.get() < 0) { // what came before the first 200 (and that 200)
                                answers.merge(kind, 1, Integer::sum);
                            }
                            if (resp != null) {
                                firstAnswer.compareAndSet(-1, at);
                                if (resp.statusCode() == 200) {
                                    firstOk.compareAndSet(-1, at);
                                }
                            }
                        });
                    }
                }
                Thread.sleep(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()))));
            }
            // what the machine did meanwhile: the started process, this one, and the rest (others)
            long busy1 = CpuSnapshot.machineBusy();
            double wall = (System.nanoTime() - t0) / 1e9;
            childCpu = p.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
            if (busy0 >= 0 && busy1 >= 0 && wall > 0) {
                others = ((busy1 - busy0) / 100.0 - childCpu - (ownCpuNanos() - ownCpu0) / 1e9) / wall;
            }
        } finally {
            stopSeconds = stop(p);
        }
        String loadAfter = MachineFacts.loadAverage();
        Map<String, Double> milestones = milestones(log, wall0);
        if (keepLogs != null) {
            Files.createDirectories(keepLogs);
            Files.copy(log, keepLogs.resolve("cold-start-" + mode + "-" + run + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        BenchBroker.deleteQuietly(dir);
        return new Run(mode, run, seconds(firstAnswer.get(), t0), seconds(firstOk.get(), t0), milestones,
                new TreeMap<>(answers), loadBefore, loadAfter, stopSeconds, error, childCpu, others);
    }

    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** What a failed poll met: "no connection" while nothing listens on the port yet, else the exception's kind. */
    private static String kindOf(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.nio.channels.ClosedChannelException) {
                return "no connection";
            }
            if (c instanceof java.net.http.HttpTimeoutException) {
                return "timeout";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static double seconds(long at, long t0) {
        return at < 0 ? Double.NaN : (at - t0) / 1e9;
    }

    /** SIGTERM (the app's shutdown hook stops every role), then SIGKILL after 30 s; returns the seconds it took. */
    private static double stop(Process p) throws InterruptedException {
        long s = System.nanoTime();
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        return (System.nanoTime() - s) / 1e9;
    }

    /** Seconds after start at which each milestone's line was logged (log times are wall clock, ms). */
    static Map<String, Double> milestones(Path log, LocalTime wall0) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        for (String line : lines) {
            for (Map.Entry<String, String> m : MILESTONES.entrySet()) {
                if (!out.containsKey(m.getValue()) && line.contains(m.getKey())) {
                    double s = secondsAfter(line, wall0);
                    if (!Double.isNaN(s)) {
                        out.put(m.getValue(), s);
                    }
                }
            }
        }
        return out;
    }

    /** A log line's leading HH:mm:ss.SSS, as seconds after {@code wall0}; across midnight too. NaN if none. */
    static double secondsAfter(String line, LocalTime wall0) {
        if (line.length() < 12) {
            return Double.NaN;
        }
        try {
            LocalTime at = LocalTime.parse(line.substring(0, 12));
            long ms = Duration.between(wall0, at).toMillis();
            if (ms < -12L * 3600_000) {
                ms += 24L * 3600_000;
            }
            return ms / 1e3;
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }

    private Report report(MachineFacts facts, Path theJar, List<Run> runs) {
        String command = "hindsight bench cold-start " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Report r = new Report("cold-start", String.format("Cold start: `java -jar %s` (fresh data dir) to the first 200 "
                + "of POST /v1/calories/predict, polled every %d ms", theJar.getFileName(), pollMillis), command.trim());
        r.header("mode", "run", "load before", "others' cores", "Hindsight.start", "broker up", "calories models published",
                "all started", "HTTP answers", "**first 200**", "CPU s of the process", "answers before it");
        List<Map<String, Object>> js = new ArrayList<>();
        for (Run run : runs) {
            r.row(run.mode(), Integer.toString(run.run()), run.loadBefore(), s(run.otherCores()),
                    s(run.milestones().get("Hindsight.start")), s(run.milestones().get("broker up")),
                    s(run.milestones().get("calories models published")), s(run.milestones().get("all roles + HTTP started")),
                    s(run.firstAnswer()), "**" + s(run.firstOk()) + "**" + (run.error() == null ? "" : " " + run.error()),
                    s(run.childCpuSeconds()), run.answers().toString());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", run.mode());
            m.put("run", run.run());
            m.put("firstOkSeconds", PredictorBenchCommand.num(run.firstOk()));
            m.put("firstAnswerSeconds", PredictorBenchCommand.num(run.firstAnswer()));
            m.put("milestones", run.milestones());
            m.put("answers", run.answers());
            m.put("loadBefore", run.loadBefore());
            m.put("loadAfter", run.loadAfter());
            m.put("stopSeconds", run.stopSeconds());
            m.put("processCpuSecondsToFirstOk", run.childCpuSeconds());
            m.put("otherProcessesCores", run.otherCores());
            m.put("error", run.error());
            js.add(m);
        }
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String mode : modes) {
            double[] ok = runs.stream().filter(x -> x.mode().equals(mode) && x.error() == null)
                    .mapToDouble(Run::firstOk).toArray();
            double med = Rates.median(ok);
            medians.put(mode, PredictorBenchCommand.num(med));
            r.row(mode, "median of " + ok.length, "", "", "", "", "", "", "", "**" + s(med) + "**", "", "");
            r.note(String.format("aim first prediction within 20 s of `java -jar`, %s: %s (median %s s of %d runs)", mode,
                    ok.length == 0 ? "n/a" : med <= 20 ? "met" : "NOT met", s(med), ok.length));
        }
        r.note("Times are seconds after the process was started; the milestones come from the app's own log lines. "
                + "others' cores: CPU the rest of the machine used meanwhile (all cores' busy time minus the started "
                + "process and this one, per second); above ~0.3 the run was disturbed.");
        r.note(facts.line());
        r.put("machine", facts.json());
        r.put("jar", theJar.toString());
        r.put("pollMillis", pollMillis);
        r.put("runs", js);
        r.put("medianFirstOkSeconds", medians);
        return r;
    }

    private static String s(Double v) {
        return v == null || v.isNaN() ? "-" : String.format("%.2f", v);
    }
}
