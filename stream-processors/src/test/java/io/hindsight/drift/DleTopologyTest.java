package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.drift.DleFeatures;
import io.hindsight.contracts.drift.PerformanceEstimate;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * DLE on TopologyTestDriver with a real (Tribuo XGBoost) nanny. The monitored "model" predicts the generator's
 * calories with a log-normal error whose spread grows with Duration (sigma = 0.02 + 0.003 * minutes), so a model
 * of its loss has something to learn. The nanny is fitted here, as the trainer does, on reference rows; live
 * rows are fresh, then shifted to longer exercise, where the model errs more: the estimate must follow the
 * realised RMSLE, before any label, within {@value #RELATIVE_TOLERANCE} of it.
 */
class DleTopologyTest {
    static final double RELATIVE_TOLERANCE = 0.10;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String VERSION = "calories-xgboost-dle";
    static final String NO_NANNY_VERSION = "calories-xgboost-uploaded";
    static byte[] nannyBytes;
    static String nannySha;

    TopologyTestDriver driver;
    SimpleMeterRegistry registry;
    TestInputTopic<byte[], byte[]> requests;
    TestInputTopic<String, PredictionRecord> predictions;
    TestInputTopic<String, RollingMetrics> rolling;
    TestOutputTopic<String, PerformanceEstimate> estimated;

    @BeforeAll
    static void fitNanny() {
        Random rnd = new Random(5);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance("test reference", factory), factory);
        double sum = 0;
        List<CaloriesRow> reference = new CaloriesGenerator(1L).next(4_000);
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (CaloriesRow r : reference) {
            double predicted = predict(r, rnd);
            x.add(DleFeatures.vector(r.record(), predicted));
            double sle = DleFeatures.squaredLogError(predicted, r.calories());
            y.add(sle);
            sum += sle;
        }
        String[] names = DleFeatures.NAMES.toArray(String[]::new);
        for (int i = 0; i < x.size(); i++) {
            ds.add(new ArrayExample<>(new Regressor("squared_log_error", y.get(i)), names, x.get(i)));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("eta", 0.1);
        p.put("max_depth", 3);
        p.put("min_child_weight", 20.0);
        p.put("base_score", sum / x.size());
        p.put("nthread", 1);
        p.put("seed", 3);
        p.put("verbosity", 0);
        Model<Regressor> nanny = new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR, 60, p).train(ds);
        nannyBytes = nanny.serialize().toByteArray();
        nannySha = Sha256.hex(nannyBytes);
    }

    /** The monitored model: right on average, log-normal error growing with Duration. */
    static double predict(CaloriesRow r, Random rnd) {
        double sigma = 0.02 + 0.003 * r.record().duration();
        return r.calories() * Math.exp(sigma * rnd.nextGaussian());
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    @BeforeEach
    void start() {
        DriftConfig config = DriftConfig.defaults(Task.CALORIES);
        StreamsBuilder builder = new StreamsBuilder();
        registry = new SimpleMeterRegistry();
        DriftTopology.build(builder, config, new DriftMeters(registry, Task.CALORIES));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not /tmp/kafka-streams: other drivers may share it
        driver = new TopologyTestDriver(builder.build(), p);
        requests = driver.createInputTopic(Topics.calories().requests().name(), new ByteArraySerializer(), new ByteArraySerializer());
        Topic<String, PredictionRecord> pt = Topics.calories().predictions();
        predictions = driver.createInputTopic(pt.name(), pt.keySerde().serializer(), pt.valueSerde().serializer());
        rolling = driver.createInputTopic(Topics.METRICS_ROLLING.name(), Topics.METRICS_ROLLING.keySerde().serializer(),
                Topics.METRICS_ROLLING.valueSerde().serializer());
        estimated = driver.createOutputTopic(Topics.METRICS_ESTIMATED.name(), new StringDeserializer(),
                Topics.METRICS_ESTIMATED.valueSerde().deserializer());
        TestInputTopic<String, ModelVersion> models = driver.createInputTopic(Topics.MODELS.name(),
                Topics.MODELS.keySerde().serializer(), Topics.MODELS.valueSerde().serializer());
        TestInputTopic<String, byte[]> artifacts = driver.createInputTopic(Topics.MODEL_ARTIFACTS.name(), new StringSerializer(),
                new ByteArraySerializer());
        // a served model's bytes (no header) are not kept; the nanny (with its header) is
        artifacts.pipeInput(new TestRecord<>("a".repeat(64), new byte[] {1, 2, 3}, T0));
        RecordHeaders headers = new RecordHeaders();
        headers.add(PerformanceReference.ARTIFACT_KIND_HEADER, PerformanceReference.DLE_NANNY.getBytes(StandardCharsets.UTF_8));
        artifacts.pipeInput(new TestRecord<>(nannySha, nannyBytes, headers, T0));
        models.pipeInput(VERSION, DriftFixtures.model(Task.CALORIES, VERSION, "xgboost", Map.of())
                .withPerformance(PerformanceReference.dle(nannySha, DleFeatures.NAMES, 0.06, 4_000)), T0);
        models.pipeInput(NO_NANNY_VERSION, DriftFixtures.model(Task.CALORIES, NO_NANNY_VERSION, "uploaded", Map.of()), T0);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void nannyStoreKeepsOnlyNannies() {
        var store = driver.<String, byte[]>getKeyValueStore(RegistryStores.NANNIES_STORE);
        assertThat(store.get(nannySha)).isEqualTo(nannyBytes);
        assertThat(store.get("a".repeat(64))).isNull();
    }

    @Test
    void estimatedRmsleTracksRealisedBeforeLabelsAndFollowsAShift() {
        long minute = Duration.ofMinutes(1).toMillis();
        // window [T0, T0+5m) holds fresh rows; window [T0+10m, T0+15m) rows exercising 60% longer
        double realisedFresh = drive(new CaloriesGenerator(2L, 1_000_000L).next(2_000), T0.toEpochMilli(), 1.0, 7);
        double realisedLonger = drive(new CaloriesGenerator(3L, 2_000_000L).next(2_000), T0.toEpochMilli() + 10 * minute, 1.6, 8);
        // a request joins its prediction only within a minute: this one's prediction is too late to count
        CaloriesRecord lonely = new CaloriesGenerator(4L, 3_000_000L).next().record();
        requests.pipeInput(null, Json.write(lonely), T0.toEpochMilli() + 12 * minute);
        predictions.pipeInput(lonely.id(), prediction(lonely.id(), 100.0), T0.toEpochMilli() + 14 * minute);
        // stream time moves past both windows' end + grace
        CaloriesRecord late = new CaloriesGenerator(5L, 4_000_000L).next().record();
        requests.pipeInput(late.id().getBytes(StandardCharsets.UTF_8), Json.write(late), T0.toEpochMilli() + 40 * minute);
        predictions.pipeInput(late.id(), prediction(late.id(), 100.0), T0.toEpochMilli() + 40 * minute);

        Map<String, PerformanceEstimate> out = estimated.readKeyValuesToMap();
        PerformanceEstimate fresh = out.get(RollingMetrics.key("calories", "xgboost", VERSION, Aliases.PRODUCTION, T0.toEpochMilli()));
        PerformanceEstimate longer = out.get(RollingMetrics.key("calories", "xgboost", VERSION, Aliases.PRODUCTION,
                T0.toEpochMilli() + 10 * minute));
        assertThat(fresh).isNotNull();
        assertThat(longer).isNotNull();
        assertThat(fresh.method()).isEqualTo(PerformanceEstimate.DLE);
        assertThat(fresh.metric()).isEqualTo(PerformanceEstimate.RMSLE);
        assertThat(fresh.outputs()).isEqualTo(2_000);
        assertThat(longer.outputs()).isEqualTo(2_000); // the lonely request's prediction came too late to join
        assertThat(fresh.realised()).isNull();
        System.out.printf("DLE fresh: estimated %.4f realised %.4f; 60%% longer exercise: estimated %.4f realised %.4f%n",
                fresh.estimated(), realisedFresh, longer.estimated(), realisedLonger);
        assertThat(fresh.estimated()).isCloseTo(realisedFresh, within(RELATIVE_TOLERANCE * realisedFresh));
        assertThat(longer.estimated()).isCloseTo(realisedLonger, within(RELATIVE_TOLERANCE * realisedLonger));
        assertThat(longer.estimated()).as("the estimate sees the shift").isGreaterThan(fresh.estimated() * 1.1);

        // the uploaded model has no nanny: no estimate, its outputs counted as skipped
        assertThat(out.keySet()).noneMatch(k -> k.contains(NO_NANNY_VERSION));
        assertThat(registry.get("hindsight.estimated.skipped").tag("reason", DriftMeters.NO_NANNY).counter().count())
                .isGreaterThanOrEqualTo(4_000);

        // the joiner's figure for the fresh window arrives: re-emitted beside it, and on the meters
        String key = RollingMetrics.key("calories", "xgboost", VERSION, Aliases.PRODUCTION, T0.toEpochMilli());
        rolling.pipeInput(key, new RollingMetrics("calories", "xgboost", VERSION, Aliases.PRODUCTION, T0.toEpochMilli(),
                T0.toEpochMilli() + 5 * minute, 1_990, 10, 0.995, realisedFresh, 5.0, 0.0, 100.0, 1000, 2000,
                Map.of(), Map.of(), Map.of()), T0.toEpochMilli() + 41 * minute);
        List<KeyValue<String, PerformanceEstimate>> after = estimated.readKeyValuesToList();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).value.realised()).isEqualTo(realisedFresh);
        assertThat(after.get(0).value.realisedMatched()).isEqualTo(1_990L);
        assertThat(after.get(0).value.estimated()).isEqualTo(fresh.estimated());
        assertThat(registry.get("hindsight.estimated.rmsle").tag("version", VERSION).gauge().value()).isPositive();
    }

    /**
     * A client retry: the same request id twice on calories.requests within the join window (the gateway answers
     * the second as a replay, so there is one non-replay prediction), and a third time after the window. The
     * prediction joins both retries, yet the id counts once: one output in the estimate, not two.
     */
    @Test
    void aRequestIdSentTwiceCountsOnce() {
        long t = T0.toEpochMilli();
        long minute = Duration.ofMinutes(1).toMillis();
        CaloriesRecord r = new CaloriesGenerator(6L, 5_000_000L).next().record();
        byte[] key = r.id().getBytes(StandardCharsets.UTF_8);
        requests.pipeInput(key, Json.write(r), t);
        requests.pipeInput(null, Json.write(r), t + 10_000); // the retry, keyless this time
        predictions.pipeInput(r.id(), prediction(r.id(), 150.0), t + 20_000);
        predictions.pipeInput(r.id(), prediction(r.id(), 150.0).asReplay(), t + 20_100); // the retry's answer: dropped
        requests.pipeInput(key, Json.write(r), t + 30_000); // a second retry, after the prediction
        requests.pipeInput(key, Json.write(r), t + 10 * minute); // long after: joins nothing
        // stream time moves past the window's end + grace
        CaloriesRecord late = new CaloriesGenerator(7L, 6_000_000L).next().record();
        requests.pipeInput(late.id().getBytes(StandardCharsets.UTF_8), Json.write(late), t + 40 * minute);
        predictions.pipeInput(late.id(), prediction(late.id(), 100.0), t + 40 * minute);

        PerformanceEstimate e = estimated.readKeyValuesToMap()
                .get(RollingMetrics.key("calories", "xgboost", VERSION, Aliases.PRODUCTION, t));
        assertThat(e).isNotNull();
        assertThat(e.outputs()).as("outputs counted in the estimate").isEqualTo(1);
        assertThat(registry.get("hindsight.estimated.skipped").tag("reason", DriftMeters.NO_NANNY).counter().count())
                .as("the shadow without a nanny: once for the retried id, once for the late request").isEqualTo(2.0);
        assertThat(registry.get("hindsight.drift.records.skipped").tag("topic", "calories.requests")
                .tag("reason", DriftMeters.DUPLICATE_ID).counter().count())
                .as("the two retries that joined the prediction").isEqualTo(2.0);
    }

    /** The dedup window is bounded: an id requested and predicted afresh well after its first join counts again. */
    @Test
    void aRequestIdPredictedAfreshLaterCountsAgain() {
        long t = T0.toEpochMilli();
        long minute = Duration.ofMinutes(1).toMillis();
        CaloriesRecord r = new CaloriesGenerator(8L, 7_000_000L).next().record();
        byte[] key = r.id().getBytes(StandardCharsets.UTF_8);
        requests.pipeInput(key, Json.write(r), t);
        predictions.pipeInput(r.id(), prediction(r.id(), 150.0), t + 20);
        requests.pipeInput(key, Json.write(r), t + 10 * minute);
        predictions.pipeInput(r.id(), prediction(r.id(), 150.0), t + 10 * minute + 20);
        CaloriesRecord late = new CaloriesGenerator(9L, 8_000_000L).next().record(); // moves stream time past both windows
        requests.pipeInput(late.id().getBytes(StandardCharsets.UTF_8), Json.write(late), t + 40 * minute);
        predictions.pipeInput(late.id(), prediction(late.id(), 100.0), t + 40 * minute);

        Map<String, PerformanceEstimate> out = estimated.readKeyValuesToMap();
        assertThat(out.get(RollingMetrics.key("calories", "xgboost", VERSION, Aliases.PRODUCTION, t)).outputs()).isEqualTo(1);
        assertThat(out.get(RollingMetrics.key("calories", "xgboost", VERSION, Aliases.PRODUCTION, t + 10 * minute)).outputs())
                .isEqualTo(1);
        assertThat(registry.get("hindsight.drift.records.skipped").tag("reason", DriftMeters.DUPLICATE_ID).counter().count())
                .isZero();
    }

    /** Requests (keyless, as a raw client may send them) and their predictions, 100 ms apart; returns the realised RMSLE. */
    double drive(List<CaloriesRow> rows, long start, double durationFactor, long seed) {
        Random rnd = new Random(seed);
        double sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            CaloriesRow row = rows.get(i);
            CaloriesRecord r = row.record();
            double duration = Math.min(30.0, r.duration() * durationFactor);
            double factor = duration / r.duration();
            CaloriesRecord shifted = new CaloriesRecord(r.id(), r.sex(), r.age(), r.height(), r.weight(), duration,
                    r.heartRate(), r.bodyTemp());
            CaloriesRow live = new CaloriesRow(shifted, row.calories() * factor);
            double predicted = predict(live, rnd);
            sum += DleFeatures.squaredLogError(predicted, live.calories());
            long t = start + i * 100L;
            requests.pipeInput(i % 2 == 0 ? null : r.id().getBytes(StandardCharsets.UTF_8), Json.write(shifted), t);
            predictions.pipeInput(r.id(), prediction(r.id(), predicted), t + 20);
        }
        return DleFeatures.rmsle(sum, rows.size());
    }

    static PredictionRecord prediction(String id, double kcal) {
        ModelOutput served = new ModelOutput("xgboost", VERSION, Aliases.PRODUCTION, kcal, List.of());
        ModelOutput uploaded = new ModelOutput("uploaded", NO_NANNY_VERSION, Aliases.SHADOW1, kcal, List.of());
        return new PredictionRecord(id, "calories", served, List.of(uploaded), 0L, 0L, false);
    }
}
