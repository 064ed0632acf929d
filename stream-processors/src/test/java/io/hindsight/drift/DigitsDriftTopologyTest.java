package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.DigitSummary;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;

/**
 * Digits drift on real MNIST: the reference is the summary features of 10,000 train digits; held-out digits
 * are quiet, the same held-out digits drawn with a thicker pen (a 3x3 dilation) move the ink mass.
 */
class DigitsDriftTopologyTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(5);

    @Test
    void heldOutDigitsAreQuietAndThickerOnesDriftInInk() {
        MnistDigits train = MnistDigits.train();
        MnistDigits holdout = MnistDigits.holdout();
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(DigitSummary.of(train.image(i)));
        }
        ModelVersion model = DriftFixtures.model(Task.DIGITS, "digits-cnn-reference", "cnn",
                DriftFeatures.reference(DigitSummary.NAMES, rows));

        DriftConfig config = DriftConfig.defaults(Task.DIGITS);
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, config);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // a shared /tmp/kafka-streams collides with concurrent builds
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), p)) {
            TestInputTopic<byte[], byte[]> requests = driver.createInputTopic(Topics.of(Task.DIGITS).requests().name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            driver.createInputTopic(Topics.MODELS.name(), Topics.MODELS.keySerde().serializer(), Topics.MODELS.valueSerde().serializer())
                    .pipeInput(model.version(), model, T0);
            AliasAssignment a = DriftFixtures.production(model);
            driver.createInputTopic(Topics.MODEL_ALIASES.name(), Topics.MODEL_ALIASES.keySerde().serializer(),
                    Topics.MODEL_ALIASES.valueSerde().serializer()).pipeInput(a.key(), a, T0);
            TestOutputTopic<String, DriftReport> drift = driver.createOutputTopic(Topics.DRIFT.name(), new StringDeserializer(),
                    Topics.DRIFT.valueSerde().deserializer());

            int n = 1_000;
            long step = WINDOW.toMillis() / (n + 1);
            for (int i = 0; i < n; i++) {
                requests.pipeInput(key(i), request("plain-" + i, holdout.image(i)), T0.plusMillis(step * i));
            }
            for (int i = 0; i < n; i++) {
                requests.pipeInput(key(n + i), request("thick-" + i, thicker(holdout.image(n + i))), T0.plus(WINDOW).plusMillis(step * i));
            }
            requests.pipeInput(key(-1), request("close", holdout.image(2 * n)), T0.plus(WINDOW.multipliedBy(4)));

            List<DriftReport> all = drift.readValuesToList();
            Map<String, DriftReport> quiet = byFeature(all, T0);
            Map<String, DriftReport> thick = byFeature(all, T0.plus(WINDOW));
            assertThat(quiet.keySet()).containsExactlyInAnyOrderElementsOf(DigitSummary.NAMES);
            assertThat(quiet.values()).allSatisfy(r -> {
                assertThat(r.psi()).as(r.feature()).isLessThan(0.1);
                assertThat(r.drifted()).as(r.feature()).isFalse();
            });
            assertThat(thick.get("ink").drifted()).isTrue();
            assertThat(thick.get("ink").psi()).isGreaterThan(1.0);
            assertThat(thick.get("centreX").drifted()).isFalse();
            assertThat(thick.get("centreY").drifted()).isFalse();
        }
    }

    /** The digit drawn with a thicker pen: a 3x3 max filter, as a fat marker would. */
    static float[] thicker(float[] image) {
        int side = 28;
        float[] out = new float[image.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float m = 0;
                for (int j = Math.max(0, y - 1); j <= Math.min(side - 1, y + 1); j++) {
                    for (int i = Math.max(0, x - 1); i <= Math.min(side - 1, x + 1); i++) {
                        m = Math.max(m, image[j * side + i]);
                    }
                }
                out[y * side + x] = m;
            }
        }
        return out;
    }

    static byte[] request(String id, float[] pixels) {
        return Json.write(DigitsRequest.ofPixels(id, pixels));
    }

    static byte[] key(int i) {
        return Integer.toString(i).getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, DriftReport> byFeature(List<DriftReport> all, Instant windowStart) {
        return all.stream().filter(r -> r.windowStart() == windowStart.toEpochMilli())
                .collect(Collectors.toMap(DriftReport::feature, r -> r));
    }
}
