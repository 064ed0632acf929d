package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calories drift on the TopologyTestDriver: quiet on requests from the training distribution, loud on a shifted feature. */
class CaloriesDriftTopologyTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(5);

    SimpleMeterRegistry registry;
    DriftMeters meters;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> requests;
    TestInputTopic<String, ModelVersion> models;
    TestInputTopic<String, AliasAssignment> aliases;
    TestOutputTopic<String, DriftReport> drift;

    @BeforeEach
    void start() {
        registry = new SimpleMeterRegistry();
        DriftConfig config = DriftConfig.defaults(Task.CALORIES);
        meters = new DriftMeters(registry, Task.CALORIES);
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, config, meters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // a shared /tmp/kafka-streams collides with concurrent builds
        driver = new TopologyTestDriver(builder.build(), p);
        requests = driver.createInputTopic(Topics.calories().requests().name(), new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(Topics.MODELS.name(), Topics.MODELS.keySerde().serializer(), Topics.MODELS.valueSerde().serializer());
        aliases = driver.createInputTopic(Topics.MODEL_ALIASES.name(), Topics.MODEL_ALIASES.keySerde().serializer(),
                Topics.MODEL_ALIASES.valueSerde().serializer());
        drift = driver.createOutputTopic(Topics.DRIFT.name(), new StringDeserializer(), Topics.DRIFT.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        meters.close();
    }

    void publishReference() {
        ModelVersion model = DriftFixtures.caloriesModel();
        models.pipeInput(model.version(), model, T0);
        AliasAssignment a = DriftFixtures.production(model);
        aliases.pipeInput(a.key(), a, T0);
    }

    /** n requests spread evenly over the window starting at start. */
    void pipe(List<CaloriesRecord> records, Instant start) {
        long step = WINDOW.toMillis() / (records.size() + 1);
        for (int i = 0; i < records.size(); i++) {
            requests.pipeInput(records.get(i).id().getBytes(StandardCharsets.UTF_8), DriftFixtures.bytes(records.get(i)),
                    start.plusMillis(step * i));
        }
    }

    /** Advances stream time past every window's end plus grace with one more request. */
    void closeWindowsBefore(Instant t) {
        CaloriesRecord r = DriftFixtures.unshifted(99, 1).get(0);
        requests.pipeInput(r.id().getBytes(StandardCharsets.UTF_8), DriftFixtures.bytes(r), t);
    }

    Map<String, DriftReport> reportsOf(List<DriftReport> all, Instant windowStart) {
        return all.stream().filter(r -> r.windowStart() == windowStart.toEpochMilli())
                .collect(Collectors.toMap(DriftReport::feature, r -> r));
    }

    @Test
    void unshiftedRequestsDoNotDriftAndAShiftedDurationDoes() {
        publishReference();
        pipe(DriftFixtures.unshifted(DriftFixtures.LIVE_SEED, 1_000), T0);
        pipe(DriftFixtures.longerDuration(DriftFixtures.SHIFTED_SEED, 1_000), T0.plus(WINDOW));
        closeWindowsBefore(T0.plus(WINDOW.multipliedBy(4)));

        List<DriftReport> all = drift.readValuesToList();
        Map<String, DriftReport> quiet = reportsOf(all, T0);
        Map<String, DriftReport> shifted = reportsOf(all, T0.plus(WINDOW));
        assertThat(quiet.keySet()).containsExactlyInAnyOrderElementsOf(DriftFeatures.names(Task.CALORIES));
        assertThat(quiet.values()).allSatisfy(r -> {
            assertThat(r.count()).isEqualTo(1_000);
            assertThat(r.psi()).as(r.feature() + " psi").isLessThan(0.1);
            assertThat(r.drifted()).as(r.feature()).isFalse();
            assertThat(r.referenceVersion()).isEqualTo(DriftFixtures.CALORIES_VERSION);
            assertThat(r.referenceCount()).isEqualTo(10_000);
            assertThat(r.windowEnd() - r.windowStart()).isEqualTo(WINDOW.toMillis());
        });
        assertThat(shifted.values().stream().filter(DriftReport::drifted).map(DriftReport::feature)).containsExactly("Duration");
        DriftReport duration = shifted.get("Duration");
        assertThat(duration.psi()).isGreaterThan(0.2);
        assertThat(duration.ksD()).isGreaterThan(0.1);
        assertThat(duration.ksPValue()).isLessThan(1e-6);
        shifted.values().stream().filter(r -> !r.feature().equals("Duration"))
                .forEach(r -> assertThat(r.psi()).as(r.feature()).isLessThan(0.1));

        // the gauges show the latest window, the counters count drifted windows
        assertThat(registry.get("hindsight.drift.psi").tag("feature", "Duration").gauge().value()).isEqualTo(duration.psi());
        assertThat(registry.get("hindsight.drift.ks").tag("feature", "Duration").gauge().value()).isEqualTo(duration.ksD());
        assertThat(registry.get("hindsight.drift.windows").tag("feature", "Duration").tag("drifted", "true").counter().count()).isEqualTo(1);
        assertThat(registry.get("hindsight.drift.windows").tag("feature", "Age").tag("drifted", "true").counter().count()).isZero();
        assertThat(registry.get("hindsight.drift.windows").tag("feature", "Age").tag("drifted", "false").counter().count()).isEqualTo(2);
    }

    @Test
    void withoutAReferenceNothingIsEmittedAndRequestsAreCounted() {
        pipe(DriftFixtures.unshifted(DriftFixtures.LIVE_SEED, 20), T0);
        closeWindowsBefore(T0.plus(WINDOW.multipliedBy(4)));
        assertThat(drift.isEmpty()).isTrue();
        assertThat(registry.get("hindsight.drift.requests.skipped").tag("reason", "no-reference").counter().count()).isEqualTo(21);
    }

    /** The processors keep the registry deserialized (RegistryView): a model published later must still be seen. */
    @Test
    void aReferencePublishedMidStreamIsUsedFromTheNextRequest() {
        pipe(DriftFixtures.unshifted(DriftFixtures.LIVE_SEED, 5), T0);
        assertThat(registry.get("hindsight.drift.requests.skipped").tag("reason", "no-reference").counter().count()).isEqualTo(5);
        publishReference();
        pipe(DriftFixtures.unshifted(DriftFixtures.LIVE_SEED, 1_000), T0.plus(WINDOW));
        closeWindowsBefore(T0.plus(WINDOW.multipliedBy(4)));
        assertThat(registry.get("hindsight.drift.requests.skipped").tag("reason", "no-reference").counter().count()).isEqualTo(5);
        assertThat(reportsOf(drift.readValuesToList(), T0.plus(WINDOW)).values()).hasSize(7)
                .allSatisfy(r -> {
                    assertThat(r.count()).isEqualTo(1_000);
                    assertThat(r.referenceVersion()).isEqualTo(DriftFixtures.CALORIES_VERSION);
                });
    }

    @Test
    void invalidRequestsAreCountedAndIgnored() {
        publishReference();
        requests.pipeInput("x".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8), T0);
        requests.pipeInput("y".getBytes(StandardCharsets.UTF_8), "{\"id\":\"y\",\"Sex\":\"male\"}".getBytes(StandardCharsets.UTF_8), T0);
        pipe(DriftFixtures.unshifted(DriftFixtures.LIVE_SEED, 10), T0);
        closeWindowsBefore(T0.plus(WINDOW.multipliedBy(4)));
        assertThat(registry.get("hindsight.drift.requests.skipped").tag("reason", "invalid").counter().count()).isEqualTo(2);
        // 10 requests: reported, but below minSamples, so never flagged
        assertThat(reportsOf(drift.readValuesToList(), T0).values()).hasSize(7)
                .allSatisfy(r -> {
                    assertThat(r.count()).isEqualTo(10);
                    assertThat(r.drifted()).isFalse();
                });
    }
}
