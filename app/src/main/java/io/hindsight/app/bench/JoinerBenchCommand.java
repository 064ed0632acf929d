package io.hindsight.app.bench;

import io.hindsight.app.Settings;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.contracts.role.Role;
import io.hindsight.joiner.FeedbackJoinerRole;
import io.hindsight.joiner.JoinerConfig;
import io.hindsight.simulator.WireJson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight bench joiner}: the calories feedback-joiner role (Kafka Streams, exactly_once_v2) on raw
 * Kafka, as the app runs it. N predictions (served + shadows, as the predictor writes them) and N matching
 * feedback records are preloaded; then the role starts and its scored records are counted on calories.scored
 * (read_committed) until every request is scored.
 */
@Command(name = "joiner", mixinStandardHelpOptions = true,
        description = {"Joins per second of the calories feedback-joiner role (exactly_once_v2) on raw Kafka: preload N "
                + "predictions and N matching feedback records, start the role as the app does, count scored records "
                + "on calories.scored until every request is scored.",
                "Starts an embedded broker in this JVM unless --bootstrap-servers is given (then use a fresh cluster: "
                        + "the joiner's consumer group resumes where it left off)."})
public final class JoinerBenchCommand implements Callable<Integer> {
    private static final byte[] SERVED_TRUE = "\"served\":true".getBytes(StandardCharsets.UTF_8);
    /** As the app's Hindsight.JOINER_COMMIT_INTERVAL (private there): every role of the app commits every second. */
    static final Duration APP_COMMIT_INTERVAL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--records"}, defaultValue = "500000", description = "Requests: predictions and feedback records each (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--shadows", defaultValue = "1", description = "Shadow outputs per prediction besides the served one "
            + "(default: ${DEFAULT-VALUE}, as first start publishes: Production + shadow1).")
    int shadows;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of an embedded broker (topics are created if missing).")
    String bootstrapServers;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Of topics created on --bootstrap-servers (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--commit-interval-ms", defaultValue = "1000",
            description = "Kafka Streams commit interval (default: ${DEFAULT-VALUE}, the app's; JoinerConfig's own default is 100).")
    long commitIntervalMs;

    @Option(names = "--stream-threads", defaultValue = "1",
            description = "Kafka Streams threads of the role (the app's --joiner-threads); the join uses up to as many "
                    + "as calories.predictions has partitions (default: ${DEFAULT-VALUE}, the app's default).")
    int streamThreads;

    @Option(names = "--feedback-lag-ms", defaultValue = "2000",
            description = "Each feedback's event time after its prediction's (default: ${DEFAULT-VALUE}).")
    long feedbackLagMs;

    @Option(names = "--span-s", defaultValue = "60",
            description = "The predictions' event times are spread evenly over this many seconds, ending ~1 minute ago (default: ${DEFAULT-VALUE}).")
    int spanSeconds;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the generated records (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", defaultValue = "900", description = "Give up after this many seconds of joining (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--sample-ms", defaultValue = "20",
            description = "Stack-sample the joiner's stream threads every this many ms during the window; 0 = off (default: ${DEFAULT-VALUE}).")
    long sampleMillis;

    @Option(names = "--json", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "Also give the figures as JSON: on stdout (the table then goes to stderr), or into FILE.")
    String json;

    @Option(names = "--floor", paramLabel = "memory|rocksdb",
            description = "Instead of the joiner, run its floor: the same inputs, Streams configuration and records written "
                    + "per request, with no parsing, validation or scoring; state in memory or in RocksDB (JoinerFloor).")
    String floor;

    @Option(names = "--verbose", description = "Keep the broker's and the roles' INFO logs.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (records < 10 || shadows < 0 || shadows > 3) {
            System.err.println("--records must be >= 10 and --shadows 0..3");
            return 2;
        }
        if (floor != null && !floor.equals("memory") && !floor.equals("rocksdb")) {
            System.err.println("--floor must be memory or rocksdb");
            return 2;
        }
        Quiet.apply(verbose);
        MachineFacts facts = MachineFacts.start();
        Report.progress("%s", facts.line());
        String runPrefix = "j" + Long.toString(System.currentTimeMillis(), 36) + "-";
        TaskTopics topics = Topics.calories();
        int outputs = 1 + shadows;
        Path stateDir = BenchBroker.tempDir("hindsight-bench-joiner-state-");
        try (BenchBroker broker = BenchBroker.open(bootstrapServers, replicationFactor)) {
            String bs = broker.bootstrap();
            Report.progress("Kafka: %s", broker.describe());
            Counts counts = new Counts(records, outputs);
            MeasuredWindow window = new MeasuredWindow("the joiner's stream threads",
                    name -> name.startsWith("hindsight-joiner-calories-") && name.contains("-StreamThread-"), sampleMillis);
            try (BenchClients.Counter counter = new BenchClients.Counter(bs,
                    List.of(topics.scored().name(), topics.orphans().name(), Topics.METRICS_ROLLING.name()),
                    "hindsight-bench-scored-counter", (polled, nanos) -> counts.add(polled, nanos, window, topics))) {

                Report.progress("preloading %,d predictions (%d outputs each) and %,d feedback records...", records,
                        outputs, records);
                long p0 = System.nanoTime();
                long bytes = preload(bs, topics, runPrefix, outputs);
                double preloadSeconds = (System.nanoTime() - p0) / 1e9;
                Report.progress("preloaded %,d records in %.1f s (%,.0f records/s, %.1f MB)", 2L * records,
                        preloadSeconds, 2L * records / preloadSeconds, bytes / 1e6);

                Duration rolling = Settings.DEFAULT_ROLLING_WINDOW;
                JoinerConfig config = JoinerConfig.defaults(Task.CALORIES).withHorizon(Duration.ofHours(1))
                        .withCommitInterval(Duration.ofMillis(commitIntervalMs))
                        .withWindow(rolling, rolling.dividedBy(5)).withGrace(Settings.graceOf(rolling))
                        .withStreamThreads(streamThreads);
                PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                JoinerFloor floorRole = floor == null ? null
                        : new JoinerFloor(bs, config, stateDir, topics, floor.equals("rocksdb"), outputs);
                Role role = floorRole != null ? floorRole : new FeedbackJoinerRole(bs, config, stateDir, meters);
                String applicationId = floorRole != null ? floorRole.applicationId() : config.applicationId();
                long roleStart = System.nanoTime();
                boolean complete;
                try {
                    role.start();
                    Report.progress("%s started (exactly_once_v2, commit interval %d ms, %d stream thread(s)); counting "
                            + "scored records...", role.name(), commitIntervalMs, streamThreads);
                    complete = awaitAll(window, counts, counter, role, bs, applicationId, topics);
                    window.stopSampling();
                } catch (RuntimeException | InterruptedException e) {
                    window.stopSampling();
                    role.close();
                    throw e;
                }
                Map<String, Double> threads = JmxMetrics.streamThreads(applicationId);
                Map<String, Double> txn = JmxMetrics.producerTransactions(applicationId);
                // Records a task dropped (e.g. an outcome too late for its rolling window): must stay 0 for the
                // rolling metrics to count every scored output, whatever the processing order.
                double dropped = JmxMetrics.sum("kafka.streams:type=stream-task-metrics,thread-id=*,task-id=*",
                        applicationId, "dropped-records-total");
                List<String> brokerLines = JmxMetrics.brokerRequestLines();
                Map<String, Object> brokerRequests = JmxMetrics.brokerRequests();
                Map<String, Long> offsets = broker.embedded() ? TopicOffsets.of(bs, name -> name.startsWith(applicationId)
                        || name.startsWith(topics.task().id() + ".") || name.equals(Topics.METRICS_ROLLING.name())) : Map.of();
                long stopStart = System.nanoTime();
                role.close();
                meters.close();
                double closeSeconds = (System.nanoTime() - stopStart) / 1e9;
                facts.end();
                Report report = report(facts, broker, preloadSeconds, bytes, counts, window, roleStart, complete,
                        closeSeconds, outputs);
                report.note(String.format("stream thread (the first, if several), whole run: process %.0f%%, "
                                + "punctuate %.0f%%, commit %.0f%%, poll %.0f%% of its time; %,.0f commits, %.1f ms each on "
                                + "average (max %.0f ms), %.0f records per poll",
                        100 * threads.get("process-ratio"), 100 * threads.get("punctuate-ratio"),
                        100 * threads.get("commit-ratio"), 100 * threads.get("poll-ratio"), threads.get("commit-total"),
                        threads.get("commit-latency-avg"), threads.get("commit-latency-max"), threads.get("poll-records-avg")));
                report.note(String.format("Kafka Streams tasks dropped %,.0f records (late for a window or unreadable)", dropped));
                report.note(String.format("EOS producer: commitTransaction %.1f s in all, sendOffsetsToTransaction %.1f s; "
                                + "%.0f records per produce request, %,.0f-byte batches",
                        txn.get("txn-commit total ms") / 1e3, txn.get("txn-send-offsets total ms") / 1e3,
                        txn.get("records-per-request-avg"), txn.get("batch-size-avg bytes")));
                if (!brokerLines.isEmpty()) {
                    report.note("embedded broker, whole run (Produce includes the preload):");
                    report.notes(brokerLines);
                }
                if (!offsets.isEmpty()) {
                    report.note(String.format("end offsets per topic after the run (= records written, transaction markers "
                            + "included), per request; the two inputs were preloaded, %,d each:", records));
                    long out = 0;
                    for (Map.Entry<String, Long> e : offsets.entrySet()) {
                        if (e.getValue() > 0) {
                            report.note(String.format("  %6.2f  %,11d  %s", (double) e.getValue() / records, e.getValue(), e.getKey()));
                            if (!e.getKey().equals(topics.predictions().name()) && !e.getKey().equals(topics.feedback().name())) {
                                out += e.getValue();
                            }
                        }
                    }
                    report.note(String.format("  %6.2f  %,11d  written by the joiner in all", (double) out / records, out));
                }
                Map<String, Object> internals = new LinkedHashMap<>();
                internals.put("topicOffsets", offsets);
                internals.put("streamThread", JmxMetrics.clean(threads));
                internals.put("producer", JmxMetrics.clean(txn));
                internals.put("brokerRequests", brokerRequests);
                report.put("internals", internals);
                report.print(System.out, json != null, json == null || json.isEmpty() ? null : Path.of(json));
                return complete ? 0 : 1;
            }
        } finally {
            BenchBroker.deleteQuietly(stateDir);
        }
    }

    /**
     * Predictions as the predictor writes them (key = request id, PredictionRecord JSON through the topic's own
     * serde), event times spread evenly over the span; each feedback record (the gateway's body: id, Calories, ts)
     * {@code feedbackLagMs} later. The served value is the truth with ~5% noise, each shadow's with ~10%.
     */
    private long preload(String bs, TaskTopics topics, String runPrefix, int outputs) {
        Topic<String, PredictionRecord> predictions = topics.predictions();
        long end = System.currentTimeMillis() - 60_000 - feedbackLagMs;
        long start = end - spanSeconds * 1000L;
        List<CaloriesRow> rows = new CaloriesGenerator(seed).next(records);
        SplittableRandom noise = new SplittableRandom(seed + 1);
        try (BenchClients.Loader loader = new BenchClients.Loader(bs)) {
            for (int i = 0; i < records; i++) {
                String id = runPrefix + i;
                long ts = start + (long) ((double) i * (end - start) / records);
                double truth = rows.get(i).calories();
                ModelOutput served = new ModelOutput("xgboost", "calories-xgboost-bench000prod", Aliases.PRODUCTION,
                        round2(truth * Math.exp(0.05 * gauss(noise))), List.of());
                List<ModelOutput> shadowOutputs = new ArrayList<>();
                for (int s = 0; s < outputs - 1; s++) {
                    shadowOutputs.add(new ModelOutput("xgboost", "calories-xgboost-bench00shdw" + s,
                            s == 0 ? Aliases.SHADOW1 : s == 1 ? Aliases.SHADOW2 : Aliases.B,
                            round2(truth * Math.exp(0.10 * gauss(noise))), List.of()));
                }
                PredictionRecord p = new PredictionRecord(id, Task.CALORIES.id(), served, shadowOutputs, ts - 3, ts, false);
                loader.send(predictions.name(), id, predictions.valueSerde().serializer().serialize(predictions.name(), p), ts);
            }
            for (int i = 0; i < records; i++) {
                String id = runPrefix + i;
                long ts = start + (long) ((double) i * (end - start) / records) + feedbackLagMs;
                loader.send(topics.feedback().name(), id, WireJson.feedback(id, rows.get(i).calories(), ts), ts);
            }
            return loader.bytes();
        }
    }

    private static double gauss(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /**
     * Waits for every request to be scored, printing progress every 5 s, with how far the joiner has read each
     * input (its committed offsets): the two inputs are not read in step, and a stretch with the predictions all
     * read joins faster, since each request then costs only its feedback.
     */
    private boolean awaitAll(MeasuredWindow window, Counts counts, BenchClients.Counter counter, Role role,
                             String bootstrap, String groupId, TaskTopics topics) throws InterruptedException {
        try (org.apache.kafka.clients.admin.Admin admin = TopicOffsets.admin(bootstrap)) {
            return awaitAll(window, counts, counter, role, admin, groupId, topics);
        }
    }

    private boolean awaitAll(MeasuredWindow window, Counts counts, BenchClients.Counter counter, Role role,
                             org.apache.kafka.clients.admin.Admin admin, String groupId, TaskTopics topics)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        int last = 0;
        while (System.nanoTime() < deadline) {
            if (window.await(5_000)) {
                return true;
            }
            if (role.failure() != null) {
                Report.progress("the joiner failed: %s", role.failure());
                return false;
            }
            if (counter.failure() != null) {
                Report.progress("the counting consumer failed: %s", counter.failure());
                return false;
            }
            int now = counts.requests.count();
            Map<String, Long> read = TopicOffsets.committed(admin, groupId);
            Report.progress("%,d of %,d requests joined, %,d scored records, %,d orphans (%,.0f requests/s over the last 5 s); "
                            + "read: %,d predictions, %,d feedback",
                    now, records, counts.scored.count(), counts.orphans.get(), (now - last) / 5.0,
                    read.getOrDefault(topics.predictions().name(), 0L), read.getOrDefault(topics.feedback().name(), 0L));
            last = now;
        }
        Report.progress("timed out after %d s with %,d of %,d requests joined", timeoutSeconds, counts.requests.count(), records);
        return false;
    }

    private Report report(MachineFacts facts, BenchBroker broker, double preloadSeconds, long bytes, Counts counts,
                          MeasuredWindow window, long roleStart, boolean complete, double closeSeconds, int outputs) {
        int nReq = Math.min(counts.requests.count(), records);
        int nScored = Math.min(counts.scored.count(), records * outputs);
        long[] req = counts.requests.times();
        long[] sc = counts.scored.times();
        String command = "hindsight bench joiner " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        String what = floor == null ? "Feedback joiner" : "FLOOR under the feedback joiner (state " + (floor.equals("memory")
                ? "in memory" : "in RocksDB") + "; same records read and written, no parsing, validation or scoring)";
        Report r = new Report("joiner", String.format(what + " (exactly_once_v2, commit interval %d ms%s) on raw Kafka: "
                + "%,d predictions x %d outputs + %,d feedback, %s", commitIntervalMs,
                streamThreads > 1 ? ", " + streamThreads + " stream threads" : "", records, outputs,
                records, broker.describe()), command.trim());
        r.put("machine", facts.json());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("records", records);
        settings.put("outputsPerPrediction", outputs);
        settings.put("commitIntervalMs", commitIntervalMs);
        settings.put("streamThreads", streamThreads);
        settings.put("floor", floor);
        settings.put("processingGuarantee", "exactly_once_v2");
        settings.put("feedbackLagMs", feedbackLagMs);
        settings.put("spanSeconds", spanSeconds);
        settings.put("embeddedBroker", broker.embedded());
        r.put("settings", settings);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("complete", complete);
        results.put("requestsJoined", nReq);
        results.put("scoredRecords", nScored);
        results.put("orphans", counts.orphans.get());
        results.put("rollingMetricsUpdates", counts.metrics.get());
        results.put("preloadSeconds", preloadSeconds);
        results.put("preloadMegabytes", bytes / 1e6);
        r.row("requests joined", String.format("%,d of %,d%s", nReq, records, complete ? "" : " (INCOMPLETE)"));
        r.row("scored records (one per output)", String.format("%,d of %,d", nScored, records * outputs));
        r.row("orphans / metrics.rolling updates", String.format("%,d / %,d", counts.orphans.get(), counts.metrics.get()));
        r.row("preload (not measured)", String.format("%,d records in %.1f s, %.1f MB", 2L * records, preloadSeconds, bytes / 1e6));
        if (nReq >= 2 && nScored >= 2) {
            Rates.Span reqAll = Rates.overall(req, nReq);
            Rates.Span reqMid = Rates.middle(req, nReq, 0.8);
            Rates.Span scAll = Rates.overall(sc, nScored);
            Rates.Span scMid = Rates.middle(sc, nScored, 0.8);
            double startToFirst = (sc[0] - roleStart) / 1e9;
            double startToLast = (req[nReq - 1] - roleStart) / 1e9;
            r.row("role start -> first scored record", String.format("%.2f s", startToFirst));
            r.row("first -> last scored record", String.format("%.2f s", scAll.seconds()));
            r.row("**requests joined/s, first to last**", "**" + Report.n0(reqAll.perSecond()) + "**");
            r.row("**requests joined/s, middle 80%**", "**" + Report.n0(reqMid.perSecond()) + "**");
            Rates.Span reqWarm = Rates.between(req, nReq / 2, nReq - 1);
            r.row("requests joined/s, second half (JIT warmer)", Report.n0(reqWarm.perSecond()));
            r.row("scored records/s, first to last", Report.n0(scAll.perSecond()));
            r.row("scored records/s, middle 80%", Report.n0(scMid.perSecond()));
            r.row("requests joined/s, role start to last", Report.n0(nReq / startToLast));
            double[] whole = Rates.wholeSeconds(Rates.perSecond(req, nReq, req[0]));
            if (whole.length > 0) {
                r.row("requests per whole second: min / median / max", Report.n0(Rates.percentile(whole, 0)) + " / "
                        + Report.n0(Rates.median(whole)) + " / " + Report.n0(Rates.percentile(whole, 100)));
            }
            results.put("roleStartToFirstScoredSeconds", startToFirst);
            results.put("firstToLastSeconds", scAll.seconds());
            results.put("requestsPerSecond", PredictorBenchCommand.num(reqAll.perSecond()));
            results.put("requestsPerSecondMiddle80", PredictorBenchCommand.num(reqMid.perSecond()));
            results.put("requestsPerSecondSecondHalf", PredictorBenchCommand.num(reqWarm.perSecond()));
            results.put("scoredPerSecond", PredictorBenchCommand.num(scAll.perSecond()));
            results.put("scoredPerSecondMiddle80", PredictorBenchCommand.num(scMid.perSecond()));
            results.put("requestsPerSecondFromRoleStart", nReq / startToLast);
            results.put("requestsPerSecondSeries", Rates.perSecond(req, nReq, req[0]));
            r.note(String.format("aim 50,000 joins/s on raw Kafka: %s (requests joined first to last %,.0f/s, "
                            + "middle 80%% %,.0f/s, second half %,.0f/s; scored records %,.0f/s)",
                    reqAll.perSecond() >= 50_000 ? "met" : "NOT met", reqAll.perSecond(), reqMid.perSecond(),
                    reqWarm.perSecond(), scAll.perSecond()));
        }
        r.row("role close", String.format("%.1f s", closeSeconds));
        r.put("results", results);
        CpuSnapshot.Window cpu = window.cpu();
        if (cpu != null) {
            r.notes(cpu.lines(14));
            r.put("cpu", cpu.json(20));
        }
        if (window.sampler() != null) {
            r.notes(window.sampler().lines(12, 15));
            r.put("stackSamples", window.sampler().json(20, 25));
        }
        r.note(facts.line());
        return r;
    }

    /** What the counting consumer saw on calories.scored, calories.orphans and metrics.rolling. */
    private static final class Counts {
        final Arrivals scored;
        final Arrivals requests;
        final AtomicLong orphans = new AtomicLong();
        final AtomicLong metrics = new AtomicLong();
        final int expectedRequests;
        final int expectedScored;

        Counts(int requests, int outputs) {
            this.expectedRequests = requests;
            this.expectedScored = requests * outputs;
            this.scored = new Arrivals(expectedScored);
            this.requests = new Arrivals(requests);
        }

        void add(ConsumerRecords<byte[], byte[]> polled, long nanos, MeasuredWindow window, TaskTopics topics) {
            int s = 0;
            int served = 0;
            for (ConsumerRecord<byte[], byte[]> rec : polled) {
                if (rec.topic().equals(topics.scored().name())) {
                    s++;
                    if (ByteSearch.contains(rec.value(), SERVED_TRUE)) {
                        served++;
                    }
                } else if (rec.topic().equals(topics.orphans().name())) {
                    orphans.incrementAndGet();
                } else {
                    metrics.incrementAndGet();
                }
            }
            if (s > 0) {
                window.first(nanos);
                scored.add(s, nanos);
            }
            if (served > 0) {
                requests.add(served, nanos);
            }
            if (requests.count() >= expectedRequests && scored.count() >= expectedScored) {
                window.last(nanos);
            }
        }
    }
}
