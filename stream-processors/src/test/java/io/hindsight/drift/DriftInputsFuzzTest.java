package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.digits.DigitSummary;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.drift.DleFeatures;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.drift.PerformanceEstimate;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.fuzz.InputShapes;
import io.hindsight.fuzz.MalformedRecords;
import io.hindsight.fuzz.MalformedRecords.Junk;
import io.hindsight.fuzz.MalformedRecords.Shape;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * Fuzzing the drift monitor's inputs (issue 8): {@value #N} malformed records (seeded {@link MalformedRecords})
 * per input topic, valid traffic interleaved with them. No record may fail the topology; every malformed one is
 * counted ({@code hindsight.drift.requests.skipped} for requests, {@code hindsight.drift.records.skipped{topic}}
 * for the rest); the valid ones give exactly the drift reports and estimates they would give alone.
 */
class DriftInputsFuzzTest {
    static final int N = 10_000;
    /** Valid requests (each with its prediction) interleaved with the junk, all in the first window. */
    static final int VALID = 100;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String CALORIES_VERSION = DriftFixtures.CALORIES_VERSION;
    static final String DIGITS_VERSION = "digits-cnn-reference";
    static byte[] nannyBytes;
    static String nannySha;

    @TempDir
    Path stateDir;

    SimpleMeterRegistry registry;
    TopologyTestDriver driver;
    Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
    TestOutputTopic<String, DriftReport> drift;
    TestOutputTopic<String, PerformanceEstimate> estimated;
    Task task;
    long clock;

    /** A small DLE nanny (Tribuo XGBoost, as the trainer makes them) so that valid calories traffic has estimates. */
    @BeforeAll
    static void fitNanny() {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance("fuzz reference", factory), factory);
        String[] names = DleFeatures.NAMES.toArray(String[]::new);
        Random rnd = new Random(11);
        for (CaloriesRow r : new CaloriesGenerator(12L).next(300)) {
            double predicted = r.calories() * Math.exp(0.05 * rnd.nextGaussian());
            ds.add(new ArrayExample<>(new Regressor("squared_log_error", DleFeatures.squaredLogError(predicted, r.calories())),
                    names, DleFeatures.vector(r.record(), predicted)));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("max_depth", 2);
        p.put("nthread", 1);
        p.put("seed", 3);
        p.put("verbosity", 0);
        Model<Regressor> nanny = new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR, 5, p).train(ds);
        nannyBytes = nanny.serialize().toByteArray();
        nannySha = Sha256.hex(nannyBytes);
    }

    void start(Task t) {
        task = t;
        clock = T0.toEpochMilli();
        registry = new SimpleMeterRegistry();
        DriftConfig config = DriftConfig.defaults(t);
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, config, new DriftMeters(registry, t));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not /tmp/kafka-streams: other drivers may share it
        driver = new TopologyTestDriver(builder.build(), p);
        for (String topic : List.of(Topics.of(t).requests().name(), Topics.of(t).predictions().name(), Topics.METRICS_ROLLING.name(),
                Topics.MODELS.name(), Topics.MODEL_ALIASES.name(), Topics.MODEL_ARTIFACTS.name())) {
            inputs.put(topic, driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer()));
        }
        drift = driver.createOutputTopic(Topics.DRIFT.name(), new StringDeserializer(), Topics.DRIFT.valueSerde().deserializer());
        estimated = driver.createOutputTopic(Topics.METRICS_ESTIMATED.name(), new StringDeserializer(),
                Topics.METRICS_ESTIMATED.valueSerde().deserializer());
        ModelVersion model;
        if (t == Task.CALORIES) {
            RecordHeaders h = new RecordHeaders();
            h.add(PerformanceReference.ARTIFACT_KIND_HEADER, PerformanceReference.DLE_NANNY.getBytes(StandardCharsets.UTF_8));
            inputs.get(Topics.MODEL_ARTIFACTS.name()).pipeInput(new TestRecord<>(utf8(nannySha), nannyBytes, h, T0));
            model = DriftFixtures.caloriesModel().withPerformance(PerformanceReference.dle(nannySha, DleFeatures.NAMES, 0.05, 300));
        } else {
            List<double[]> rows = new ArrayList<>();
            Random rnd = new Random(21);
            for (int i = 0; i < 2_000; i++) {
                rows.add(DigitSummary.of(digit(rnd)));
            }
            model = DriftFixtures.model(Task.DIGITS, DIGITS_VERSION, "cnn", DriftFeatures.reference(DigitSummary.NAMES, rows));
        }
        send(Topics.MODELS.name(), model.version(), Json.write(model));
        AliasAssignment a = DriftFixtures.production(model);
        send(Topics.MODEL_ALIASES.name(), a.key(), Json.write(a));
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    // ---- calories ----

    @Test
    void malformedCaloriesRequestsAreCountedAndValidOnesStillDriftAndEstimate() {
        start(Task.CALORIES);
        Fuzzed f = fuzz(InputShapes.caloriesRequests(MalformedRecords.SEED), this::validCaloriesPair);
        closeWindows();
        f.print(skippedRequests());
        assertThat(skippedRequests()).as("every malformed request counted")
                .isEqualTo(Map.of(DriftMeters.INVALID, (double) N, DriftMeters.DRAFT, 0.0, DriftMeters.NO_REFERENCE, 0.0));
        assertValidTrafficCounted(VALID);
    }

    @Test
    void malformedCaloriesPredictionsAreCountedAndValidOnesStillEstimate() {
        start(Task.CALORIES);
        String topic = Topics.calories().predictions().name();
        Fuzzed f = fuzz(InputShapes.predictions(Task.CALORIES), this::validCaloriesPair);
        closeWindows();
        f.print(skipped(topic));
        assertThat(total(skipped(topic))).as("every malformed prediction counted").isEqualTo(N);
        assertThat(total(skippedRequests())).isZero();
        assertThat(registry.get("hindsight.estimated.skipped").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        assertValidTrafficCounted(VALID);
    }

    @Test
    void malformedRollingMetricsAreCountedAndTheRealisedFigureStillJoins() {
        start(Task.CALORIES);
        for (int i = 0; i < VALID; i++) {
            validCaloriesPair(i);
        }
        closeWindows();
        String key = RollingMetrics.key("calories", "xgboost", CALORIES_VERSION, Aliases.PRODUCTION, T0.toEpochMilli());
        assertThat(estimated.readKeyValuesToMap().get(key).outputs()).isEqualTo(VALID);

        String topic = Topics.METRICS_ROLLING.name();
        Fuzzed f = fuzz(InputShapes.metricsRolling(), i -> { // other series' windows: nothing to join
            RollingMetrics m = rolling("digits", "cnn", "digits-v" + i, T0.toEpochMilli(), 0.9);
            send(topic, RollingMetrics.key(m.task(), m.family(), m.version(), m.alias(), m.windowStart()), Json.write(m));
        });
        f.print(skipped(topic));
        assertThat(total(skipped(topic))).as("every malformed window counted").isEqualTo(N);
        assertThat(estimated.isEmpty()).as("no junk joined an estimate").isTrue();

        send(topic, key, Json.write(rolling("calories", "xgboost", CALORIES_VERSION, T0.toEpochMilli(), 0.0625)));
        List<KeyValue<String, PerformanceEstimate>> joined = estimated.readKeyValuesToList();
        assertThat(joined).hasSize(1);
        assertThat(joined.get(0).key).isEqualTo(key);
        assertThat(joined.get(0).value.realised()).isEqualTo(0.0625);
        assertThat(joined.get(0).value.outputs()).isEqualTo(VALID);
    }

    @Test
    void malformedRegistryRecordsAreCountedAndNeverStored() {
        start(Task.CALORIES);
        ModelVersion model = this.<ModelVersion>store(RegistryStores.MODELS_STORE).get(CALORIES_VERSION);
        AliasAssignment alias = DriftFixtures.production(model);
        List<MalformedRecords> gens = List.of(
                new MalformedRecords(InputShapes.models(Set.of(CALORIES_VERSION)), MalformedRecords.SEED),
                new MalformedRecords(InputShapes.modelAliases(Set.of(alias.key())), MalformedRecords.SEED),
                new MalformedRecords(InputShapes.modelArtifacts(), MalformedRecords.SEED));
        List<String> topics = List.of(Topics.MODELS.name(), Topics.MODEL_ALIASES.name(), Topics.MODEL_ARTIFACTS.name());
        for (int i = 0; i < N; i++) {
            if (i % (N / VALID) == 0) {
                validCaloriesPair(i / (N / VALID));
            }
            for (int g = 0; g < gens.size(); g++) {
                pipe(topics.get(g), gens.get(g).next());
            }
        }
        closeWindows();
        for (int g = 0; g < gens.size(); g++) {
            new Fuzzed(topics.get(g), gens.get(g)).print(skipped(topics.get(g)));
            assertThat(total(skipped(topics.get(g)))).as("every malformed " + topics.get(g) + " record counted").isEqualTo(N);
        }
        assertThat(all(RegistryStores.MODELS_STORE)).containsExactly(Map.entry(CALORIES_VERSION, model));
        assertThat(all(RegistryStores.ALIASES_STORE)).containsExactly(Map.entry(alias.key(), alias));
        assertThat(this.<byte[]>all(RegistryStores.NANNIES_STORE).keySet()).containsExactly(nannySha);
        assertValidTrafficCounted(VALID);

        // a served model's artifact (no kind header, or an empty one) is not a nanny: neither kept nor counted
        RecordHeaders odd = new RecordHeaders();
        odd.add(PerformanceReference.ARTIFACT_KIND_HEADER, null);
        inputs.get(Topics.MODEL_ARTIFACTS.name()).pipeInput(new TestRecord<>(utf8("c".repeat(64)), new byte[] {1}, odd, T0));
        inputs.get(Topics.MODEL_ARTIFACTS.name()).pipeInput(new TestRecord<>(utf8("d".repeat(64)), new byte[] {1}, new RecordHeaders(), T0));
        assertThat(this.<byte[]>all(RegistryStores.NANNIES_STORE).keySet()).containsExactly(nannySha);
        assertThat(total(skipped(Topics.MODEL_ARTIFACTS.name()))).isEqualTo(N);
    }

    // ---- digits ----

    @Test
    void malformedDigitsRequestsAndPredictionsAreCountedAndValidOnesStillDriftAndEstimate() {
        start(Task.DIGITS);
        String predictions = Topics.of(Task.DIGITS).predictions().name();
        MalformedRecords requestJunk = new MalformedRecords(InputShapes.digitsRequests(), MalformedRecords.SEED);
        MalformedRecords predictionJunk = new MalformedRecords(InputShapes.predictions(Task.DIGITS), MalformedRecords.SEED);
        Random rnd = new Random(31);
        for (int i = 0; i < N; i++) {
            if (i % (N / VALID) == 0) {
                String id = "digit-" + i;
                send(Topics.of(Task.DIGITS).requests().name(), id, Json.write(DigitsRequest.ofPixels(id, digit(rnd))));
                ModelOutput served = new ModelOutput("cnn", DIGITS_VERSION, Aliases.PRODUCTION, 3,
                        List.of(0.0, 0.0, 0.0, 0.8, 0.2, 0.0, 0.0, 0.0, 0.0, 0.0));
                send(predictions, id, Json.write(new PredictionRecord(id, "digits", served, List.of(), clock, clock, false)));
            }
            pipe(Topics.of(Task.DIGITS).requests().name(), requestJunk.next());
            pipe(predictions, predictionJunk.next());
        }
        closeWindows();
        new Fuzzed(Topics.of(Task.DIGITS).requests().name(), requestJunk).print(skippedRequests());
        new Fuzzed(predictions, predictionJunk).print(skipped(predictions));
        assertThat(skippedRequests()).as("every malformed request counted")
                .isEqualTo(Map.of(DriftMeters.INVALID, (double) N, DriftMeters.DRAFT, 0.0, DriftMeters.NO_REFERENCE, 0.0));
        assertThat(total(skipped(predictions))).as("every malformed prediction counted").isEqualTo(N);

        Map<String, DriftReport> reports = drift.readValuesToList().stream().filter(r -> r.windowStart() == T0.toEpochMilli())
                .collect(Collectors.toMap(DriftReport::feature, r -> r));
        assertThat(reports.keySet()).containsExactlyInAnyOrderElementsOf(DigitSummary.NAMES);
        assertThat(reports.values()).allSatisfy(r -> {
            assertThat(r.count()).isEqualTo(VALID);
            assertThat(r.referenceVersion()).isEqualTo(DIGITS_VERSION);
        });
        PerformanceEstimate e = estimated.readKeyValuesToMap()
                .get(RollingMetrics.key("digits", "cnn", DIGITS_VERSION, Aliases.PRODUCTION, T0.toEpochMilli()));
        assertThat(e).isNotNull();
        assertThat(e.method()).isEqualTo(PerformanceEstimate.CBPE);
        assertThat(e.outputs()).isEqualTo(VALID);
        assertThat(e.estimated()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    }

    // ---- helpers ----

    /** What a fuzz run sent, for the report. */
    record Fuzzed(String topic, MalformedRecords gen) {
        void print(Map<String, Double> counted) {
            System.out.printf("fuzz %s: sent %d, counted by reason %s; generated by kind %s; "
                            + "candidates the contract accepted, not sent: %d %s%n", topic,
                    gen.generated().values().stream().mapToInt(Integer::intValue).sum(), new TreeMap<>(counted),
                    new TreeMap<>(gen.generated()), gen.discardedTotal(), new TreeMap<>(gen.discarded()));
        }
    }

    /** N malformed records of {@code shape} on its topic, a valid step (its index) every N / VALID of them. */
    Fuzzed fuzz(Shape shape, java.util.function.IntConsumer valid) {
        MalformedRecords gen = new MalformedRecords(shape, MalformedRecords.SEED);
        long generating = 0;
        long start = System.nanoTime();
        for (int i = 0; i < N; i++) {
            if (i % (N / VALID) == 0) {
                valid.accept(i / (N / VALID));
            }
            long t = System.nanoTime();
            Junk j = gen.next();
            generating += System.nanoTime() - t;
            pipe(shape.topic(), j);
        }
        System.out.printf("fuzz %s: %.1f s, of which generating %.1f s%n", shape.topic(), (System.nanoTime() - start) / 1e9,
                generating / 1e9);
        return new Fuzzed(shape.topic(), gen);
    }

    /** Every record 10 ms after the last: 10,000 junk records and the valid ones all fall in the first window. */
    void pipe(String topic, Junk j) {
        clock += 10;
        inputs.get(topic).pipeInput(new TestRecord<>(j.key(), j.value(), j.headers(), Instant.ofEpochMilli(clock)));
    }

    void send(String topic, String key, byte[] value) {
        clock += 10;
        inputs.get(topic).pipeInput(new TestRecord<>(utf8(key), value, new RecordHeaders(), Instant.ofEpochMilli(clock)));
    }

    final List<CaloriesRecord> live = DriftFixtures.unshifted(DriftFixtures.LIVE_SEED, VALID);

    /** The i-th valid calories request, keyless or keyed as a raw client may send it, and its prediction 20 ms later. */
    void validCaloriesPair(int i) {
        CaloriesRecord r = live.get(i);
        send(Topics.calories().requests().name(), i % 2 == 0 ? null : r.id(), Json.write(r));
        ModelOutput served = new ModelOutput("xgboost", CALORIES_VERSION, Aliases.PRODUCTION, 100 + i, List.of());
        send(Topics.calories().predictions().name(), r.id(),
                Json.write(new PredictionRecord(r.id(), "calories", served, List.of(), clock, clock, false)));
    }

    /** One valid request and prediction half an hour on: stream time passes the first windows' end + grace. */
    void closeWindows() {
        clock = T0.plus(Duration.ofMinutes(30)).toEpochMilli();
        if (task == Task.CALORIES) {
            CaloriesRecord r = DriftFixtures.unshifted(99, 1).get(0);
            send(Topics.calories().requests().name(), r.id(), Json.write(r));
            ModelOutput served = new ModelOutput("xgboost", CALORIES_VERSION, Aliases.PRODUCTION, 100, List.of());
            send(Topics.calories().predictions().name(), r.id(),
                    Json.write(new PredictionRecord(r.id(), "calories", served, List.of(), clock, clock, false)));
        } else {
            send(Topics.of(Task.DIGITS).requests().name(), "close", Json.write(DigitsRequest.ofPixels("close", digit(new Random(1)))));
            ModelOutput served = new ModelOutput("cnn", DIGITS_VERSION, Aliases.PRODUCTION, 1, List.of(0.1, 0.9));
            send(Topics.of(Task.DIGITS).predictions().name(), "close",
                    Json.write(new PredictionRecord("close", "digits", served, List.of(), clock, clock, false)));
        }
    }

    /** The first window's calories drift reports count the valid requests, and its DLE estimate their predictions. */
    void assertValidTrafficCounted(int n) {
        Map<String, DriftReport> reports = drift.readValuesToList().stream().filter(r -> r.windowStart() == T0.toEpochMilli())
                .collect(Collectors.toMap(DriftReport::feature, r -> r));
        assertThat(reports.keySet()).containsExactlyInAnyOrderElementsOf(DriftFeatures.names(Task.CALORIES));
        assertThat(reports.values()).allSatisfy(r -> {
            assertThat(r.count()).isEqualTo(n);
            assertThat(r.referenceVersion()).isEqualTo(CALORIES_VERSION);
        });
        PerformanceEstimate e = estimated.readKeyValuesToMap()
                .get(RollingMetrics.key("calories", "xgboost", CALORIES_VERSION, Aliases.PRODUCTION, T0.toEpochMilli()));
        assertThat(e).isNotNull();
        assertThat(e.method()).isEqualTo(PerformanceEstimate.DLE);
        assertThat(e.outputs()).isEqualTo(n);
        assertThat(e.estimated()).isFinite().isNotNegative();
    }

    static RollingMetrics rolling(String task, String family, String version, long windowStart, double rmsle) {
        return new RollingMetrics(task, family, version, Aliases.PRODUCTION, windowStart, windowStart + 300_000, 90, 10, 0.9,
                rmsle, 5.0, 0.0, 100.0, 1000, 2000, Map.of(), Map.of(), Map.of());
    }

    /** hindsight.drift.requests.skipped by reason. */
    Map<String, Double> skippedRequests() {
        return registry.get("hindsight.drift.requests.skipped").counters().stream()
                .collect(Collectors.toMap(c -> c.getId().getTag("reason"), Counter::count));
    }

    /** hindsight.drift.records.skipped of a topic, by reason. */
    Map<String, Double> skipped(String topic) {
        return registry.get("hindsight.drift.records.skipped").tag("topic", topic).counters().stream()
                .collect(Collectors.toMap(c -> c.getId().getTag("reason"), Counter::count));
    }

    static double total(Map<String, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    <V> Map<String, V> all(String name) {
        Map<String, V> out = new TreeMap<>();
        try (KeyValueIterator<String, V> it = this.<V>store(name).all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    /** A random scribble: a few dozen inked pixels on a 28x28 canvas. */
    static float[] digit(Random rnd) {
        float[] px = new float[784];
        int cx = 8 + rnd.nextInt(12);
        int cy = 8 + rnd.nextInt(12);
        for (int k = 0; k < 60; k++) {
            int x = Math.max(0, Math.min(27, cx + (int) Math.round(rnd.nextGaussian() * 3)));
            int y = Math.max(0, Math.min(27, cy + (int) Math.round(rnd.nextGaussian() * 4)));
            px[y * 28 + x] = 0.5f + 0.5f * rnd.nextFloat();
        }
        return px;
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
