package io.hindsight.app.bench;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.predictor.PredictorConfig;
import io.hindsight.predictor.PredictorRole;
import io.hindsight.simulator.WireJson;
import io.hindsight.trainer.FirstStartResult;
import io.hindsight.trainer.FirstStartTraining;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight bench predictor}: the calories predictor role on raw Kafka, as the app runs it, with no HTTP
 * in front. N requests are preloaded on calories.requests, then the role starts and the predictions are
 * counted on calories.predictions (read_committed) from the first to the N-th.
 */
@Command(name = "predictor", mixinStandardHelpOptions = true,
        description = {"Predictions per second of the calories predictor role on raw Kafka: preload N requests on "
                + "calories.requests, start the role as the app does (Production + shadow1 from first-start training, "
                + "transactional consume-predict-produce), count committed predictions on calories.predictions.",
                "Starts an embedded broker in this JVM unless --bootstrap-servers is given."})
public final class PredictorBenchCommand implements Callable<Integer> {
    private static final byte[] REPLAY_TRUE = "\"replay\":true".getBytes(StandardCharsets.UTF_8);

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--records"}, defaultValue = "500000", description = "Requests to preload and predict (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of an embedded broker (topics are created if missing).")
    String bootstrapServers;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Of topics created on --bootstrap-servers (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--predictor-workers", defaultValue = "1",
            description = "Consume-predict-produce loops, as the app's --predictor-workers (default: ${DEFAULT-VALUE}, the app's default).")
    int workers;

    @Option(names = "--max-poll-records", defaultValue = "" + PredictorConfig.DEFAULT_MAX_POLL_RECORDS,
            description = "Most requests per batch and transaction (default: ${DEFAULT-VALUE}, the production value; for experiments only).")
    int maxPollRecords;

    @Option(names = "--train-rows", defaultValue = "" + FirstStartTraining.DEFAULT_ROWS,
            description = "Generated rows for the first-start calories models (default: ${DEFAULT-VALUE}, as the app).")
    int trainRows;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the generated requests (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", defaultValue = "900", description = "Give up after this many seconds of predicting (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--sample-ms", defaultValue = "20",
            description = "Stack-sample the predictor threads every this many ms during the window; 0 = off (default: ${DEFAULT-VALUE}).")
    long sampleMillis;

    @Option(names = "--sample-every", defaultValue = "50",
            description = "Parse every this many predictions to count outputs (default: ${DEFAULT-VALUE}; the others are only counted).")
    int sampleEvery;

    @Option(names = "--json", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "Also give the figures as JSON: on stdout (the table then goes to stderr), or into FILE.")
    String json;

    @Option(names = "--verbose", description = "Keep the broker's and the roles' INFO logs.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (records < 10) {
            System.err.println("--records must be >= 10");
            return 2;
        }
        Quiet.apply(verbose);
        MachineFacts facts = MachineFacts.start();
        Report.progress("%s", facts.line());
        String runPrefix = "p" + Long.toString(System.currentTimeMillis(), 36) + "-";
        TaskTopics topics = Topics.calories();
        try (BenchBroker broker = BenchBroker.open(bootstrapServers, replicationFactor)) {
            String bs = broker.bootstrap();
            Report.progress("Kafka: %s", broker.describe());

            long t0 = System.nanoTime();
            FirstStartResult models = FirstStartTraining.ensureCaloriesModels(bs, trainRows);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            Report.progress("calories models: %s (%s, %.1f s)", models.published(),
                    models.trained() ? "trained now" : "already there", trainSeconds);

            Counts counts = new Counts(records, sampleEvery);
            MeasuredWindow window = new MeasuredWindow("the predictor's loop threads",
                    name -> name.startsWith("predictor-calories-"), sampleMillis);
            try (BenchClients.Counter counter = new BenchClients.Counter(bs, List.of(topics.predictions().name()),
                    "hindsight-bench-predictions-counter", (polled, nanos) -> counts.add(polled, nanos, window))) {

                Report.progress("preloading %,d requests on %s...", records, topics.requests().name());
                long p0 = System.nanoTime();
                long bytes;
                try (BenchClients.Loader loader = new BenchClients.Loader(bs)) {
                    CaloriesGenerator gen = new CaloriesGenerator(seed);
                    for (int i = 0; i < records; i++) {
                        CaloriesRow row = gen.next();
                        String id = runPrefix + i;
                        loader.send(topics.requests().name(), id, WireJson.request(id, row.record()), null);
                    }
                    bytes = loader.bytes();
                }
                double preloadSeconds = (System.nanoTime() - p0) / 1e9;
                Report.progress("preloaded in %.1f s (%,.0f records/s, %.1f MB of JSON)", preloadSeconds,
                        records / preloadSeconds, bytes / 1e6);

                PredictorConfig config = PredictorConfig.defaults(bs, Task.CALORIES)
                        .withDedupeHorizon(PredictorConfig.DEFAULT_DEDUPE_HORIZON)
                        .withInstanceId("bench-" + runPrefix.substring(0, runPrefix.length() - 1))
                        .withWorkers(workers)
                        .withMaxPollRecords(maxPollRecords);
                PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                PredictorRole role = new PredictorRole(config, meters);
                long roleStart = System.nanoTime();
                boolean complete;
                Internals internals;
                try {
                    role.start();
                    Report.progress("predictor role started (%d worker(s), max.poll.records %d); counting predictions...",
                            workers, maxPollRecords);
                    complete = awaitAll(window, counts, counter, role);
                    window.stopSampling();
                    internals = Internals.read(meters, config.transactionalIdPrefix());
                } catch (RuntimeException | InterruptedException e) {
                    window.stopSampling();
                    role.close();
                    throw e;
                }
                long stopStart = System.nanoTime();
                role.close();
                meters.close();
                double closeSeconds = (System.nanoTime() - stopStart) / 1e9;
                facts.end();

                Report report = report(facts, broker, models, trainSeconds, preloadSeconds, bytes, counts, window,
                        roleStart, complete, closeSeconds);
                internals.addTo(report);
                report.print(System.out, json != null, json == null || json.isEmpty() ? null : Path.of(json));
                return complete ? 0 : 1;
            }
        }
    }

    private boolean awaitAll(MeasuredWindow window, Counts counts, BenchClients.Counter counter, PredictorRole role)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        int last = 0;
        while (System.nanoTime() < deadline) {
            if (window.await(5_000)) {
                return true;
            }
            if (role.failure() != null) {
                Report.progress("the predictor failed: %s", role.failure());
                return false;
            }
            if (counter.failure() != null) {
                Report.progress("the counting consumer failed: %s", counter.failure());
                return false;
            }
            int now = counts.arrivals.count();
            Report.progress("%,d of %,d predictions (%,.0f/s over the last 5 s)", now, records, (now - last) / 5.0);
            last = now;
        }
        Report.progress("timed out after %d s with %,d of %,d predictions", timeoutSeconds, counts.arrivals.count(), records);
        return false;
    }

    private Report report(MachineFacts facts, BenchBroker broker, FirstStartResult models, double trainSeconds,
                          double preloadSeconds, long bytes, Counts counts, MeasuredWindow window, long roleStart,
                          boolean complete, double closeSeconds) {
        int n = Math.min(counts.arrivals.count(), records);
        long[] t = counts.arrivals.times();
        String command = "hindsight bench predictor " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Report r = new Report("predictor", String.format("Predictor on raw Kafka: %,d calories requests, %d worker(s), "
                + "max.poll.records %d, %s", records, workers, maxPollRecords, broker.describe()), command.trim());
        Map<String, Object> results = new LinkedHashMap<>();
        r.put("machine", facts.json());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("records", records);
        settings.put("predictorWorkers", workers);
        settings.put("maxPollRecords", maxPollRecords);
        settings.put("trainRows", trainRows);
        settings.put("embeddedBroker", broker.embedded());
        settings.put("models", models.published());
        r.put("settings", settings);
        r.row("predictions counted", String.format("%,d of %,d%s", n, records, complete ? "" : " (INCOMPLETE)"));
        results.put("complete", complete);
        results.put("predictions", n);
        results.put("preloadSeconds", preloadSeconds);
        results.put("preloadRecordsPerSecond", records / preloadSeconds);
        results.put("preloadMegabytes", bytes / 1e6);
        results.put("firstStartTrainingSeconds", trainSeconds);
        r.row("preload (not measured)", String.format("%.1f s, %,.0f records/s, %.1f MB", preloadSeconds,
                records / preloadSeconds, bytes / 1e6));
        if (n >= 2) {
            Rates.Span all = Rates.overall(t, n);
            Rates.Span mid = Rates.middle(t, n, 0.8);
            double startToFirst = (t[0] - roleStart) / 1e9;
            double outputs = counts.outputsPerPrediction();
            r.row("role start -> first prediction", String.format("%.2f s", startToFirst));
            r.row("first -> last prediction", String.format("%.2f s", all.seconds()));
            r.row("**predictions/s, first to last**", "**" + Report.n0(all.perSecond()) + "**");
            r.row("**predictions/s, middle 80%**", "**" + Report.n0(mid.perSecond()) + "**");
            Rates.Span warm = Rates.between(t, n / 2, n - 1);
            r.row("predictions/s, second half (JIT warmer)", Report.n0(warm.perSecond()));
            r.row("model outputs per prediction (served + shadows)", String.format("%.2f (1 + %.2f), from %,d parsed",
                    outputs, outputs - 1, counts.parsed.get()));
            r.row("model outputs/s, middle 80%", Report.n0(mid.perSecond() * outputs));
            r.row("replays among the counted", String.format("%,d", counts.replays.get()));
            double[] whole = Rates.wholeSeconds(Rates.perSecond(t, n, t[0]));
            if (whole.length > 0) {
                r.row("per whole second: min / median / max", Report.n0(Rates.percentile(whole, 0)) + " / "
                        + Report.n0(Rates.median(whole)) + " / " + Report.n0(Rates.percentile(whole, 100)));
            }
            results.put("roleStartToFirstPredictionSeconds", startToFirst);
            results.put("firstToLastSeconds", all.seconds());
            results.put("predictionsPerSecond", num(all.perSecond()));
            results.put("predictionsPerSecondMiddle80", num(mid.perSecond()));
            results.put("predictionsPerSecondSecondHalf", num(warm.perSecond()));
            results.put("outputsPerPrediction", num(outputs));
            results.put("outputsPerSecondMiddle80", num(mid.perSecond() * outputs));
            results.put("parsedForOutputs", counts.parsed.get());
            results.put("replays", counts.replays.get());
            results.put("perSecond", Rates.perSecond(t, n, t[0]));
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
        if (n >= 2) {
            double all = Rates.overall(t, n).perSecond();
            double mid = Rates.middle(t, n, 0.8).perSecond();
            double warm = Rates.between(t, n / 2, n - 1).perSecond();
            r.note(String.format("aim 50,000 predictions/s on raw Kafka: %s (first to last %,.0f/s, middle 80%% %,.0f/s, "
                    + "second half %,.0f/s)", all >= 50_000 ? "met" : "NOT met", all, mid, warm));
        }
        return r;
    }

    /** The predictor's own meters and its Kafka clients' and broker's metrics, read before the role closes. */
    private record Internals(double batches, double meanBatch, double meanBatchMs, Map<String, Double> txn,
                             List<String> brokerLines, Map<String, Object> broker) {
        static Internals read(io.micrometer.core.instrument.MeterRegistry meters, String clientId) {
            var size = meters.find("hindsight.predict.batch.size").summary();
            var time = meters.find("hindsight.predict").timer();
            return new Internals(size == null ? Double.NaN : size.count(), size == null ? Double.NaN : size.mean(),
                    time == null ? Double.NaN : time.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                    JmxMetrics.producerTransactions(clientId), JmxMetrics.brokerRequestLines(), JmxMetrics.brokerRequests());
        }

        void addTo(Report r) {
            r.note(String.format("predictor: %,.0f batches (= transactions), %.0f requests per batch on average, "
                    + "%.2f ms per batch (validate, predict, produce, commit)", batches, meanBatch, meanBatchMs));
            double commit = txn.getOrDefault("txn-commit total ms", Double.NaN);
            r.note(String.format("predictor producer: commitTransaction %.2f ms per batch on average (%.1f s in all), "
                            + "sendOffsetsToTransaction %.2f ms, beginTransaction %.3f ms; request latency %.2f ms, "
                            + "%.0f records per produce request, %,.0f-byte batches, %.0f record retries",
                    commit / batches, commit / 1e3, txn.getOrDefault("txn-send-offsets total ms", Double.NaN) / batches,
                    txn.getOrDefault("txn-begin total ms", Double.NaN) / batches,
                    txn.getOrDefault("request-latency-avg ms", Double.NaN), txn.getOrDefault("records-per-request-avg", Double.NaN),
                    txn.getOrDefault("batch-size-avg bytes", Double.NaN), txn.getOrDefault("record-retry-total", Double.NaN)));
            if (!brokerLines.isEmpty()) {
                r.note("embedded broker, whole run (Produce includes the preload):");
                r.notes(brokerLines);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("batches", batches);
            m.put("meanBatchSize", meanBatch);
            m.put("meanBatchMillis", meanBatchMs);
            m.put("producer", JmxMetrics.clean(txn));
            m.put("brokerRequests", broker);
            r.put("internals", m);
        }
    }

    static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    /** What the counting consumer saw: every prediction's arrival, and every k-th parsed for its outputs. */
    private static final class Counts {
        final Arrivals arrivals;
        final int expected;
        final int sampleEvery;
        final AtomicLong parsed = new AtomicLong();
        final AtomicLong outputs = new AtomicLong();
        final AtomicLong replays = new AtomicLong();
        private long seen;

        Counts(int expected, int sampleEvery) {
            this.arrivals = new Arrivals(expected);
            this.expected = expected;
            this.sampleEvery = Math.max(1, sampleEvery);
        }

        void add(Iterable<ConsumerRecord<byte[], byte[]>> polled, long nanos, MeasuredWindow window) {
            int k = 0;
            for (ConsumerRecord<byte[], byte[]> rec : polled) {
                if (ByteSearch.contains(rec.value(), REPLAY_TRUE)) {
                    replays.incrementAndGet();
                    continue;
                }
                k++;
                if (++seen % sampleEvery == 0) {
                    PredictionRecord p = Json.read(rec.value(), PredictionRecord.class);
                    parsed.incrementAndGet();
                    outputs.addAndGet(1 + p.shadows().size());
                }
            }
            if (k == 0) {
                return;
            }
            window.first(nanos);
            arrivals.add(k, nanos);
            if (arrivals.count() >= expected) {
                window.last(nanos);
            }
        }

        double outputsPerPrediction() {
            return parsed.get() == 0 ? Double.NaN : (double) outputs.get() / parsed.get();
        }
    }
}
