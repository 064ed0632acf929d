package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.predictor.registry.TinyOnnx;
import io.hindsight.trainer.publish.ModelPublisher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Digits on a real broker: an ONNX classifier published on the model topics serves MNIST pixels and canvas
 * strokes through ONNX Runtime, with the class probabilities on the prediction; drafts are marked; bad
 * requests go to the DLQ with a reason.
 */
class DigitsPredictorIT {
    private static final TaskTopics DIGITS = Topics.of(Task.DIGITS);
    private static final TinyOnnx PRODUCTION = new TinyOnnx(7L);
    private static final TinyOnnx SHADOW = new TinyOnnx(8L);
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> client;
    private static PredictorRole role;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        client = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        ModelPublisher publisher = new ModelPublisher(kafka.bootstrapServers());
        publish(publisher, "cnn", PRODUCTION.model(true, -1, 10), Aliases.PRODUCTION);
        publish(publisher, "cnn", SHADOW.model(false, 1, 10), Aliases.SHADOW1);
        role = new PredictorRole(PredictorConfig.defaults(kafka.bootstrapServers(), Task.DIGITS),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        role.start();
        await().atMost(Duration.ofSeconds(60)).until(role::isServing);
    }

    private static void publish(ModelPublisher publisher, String family, byte[] onnx, String alias) {
        String sha = Sha256.hex(onnx);
        ModelVersion meta = new ModelVersion("digits-" + family + "-" + sha.substring(0, 12), "digits", family,
                System.currentTimeMillis(), ModelVersion.ONNX, sha, onnx.length, List.of(), Map.of(), Map.of(), List.of(), "test");
        publisher.publish(meta, onnx, List.of(alias), "test");
    }

    @AfterAll
    static void stop() {
        role.close();
        client.close();
        kafka.close();
    }

    @Test
    void servesPixelsAndStrokesThroughOnnxRuntimeAndDeadLettersBadRequests() throws Exception {
        MnistDigits holdout = MnistDigits.holdout();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "mnist-" + i;
            ids.add(id);
            send(id, Json.MAPPER.writeValueAsBytes(DigitsRequest.ofPixels(id, holdout.image(i))));
        }
        send("live.1", ("{\"id\":\"live.1\",\"draft\":true,\"strokes\":{\"width\":280,\"height\":280,"
                + "\"lines\":[[[140,40],[140,240]]]}}").getBytes(StandardCharsets.UTF_8));
        send("bad", "{\"id\":\"bad\",\"pixels\":[1,2,3]}".getBytes(StandardCharsets.UTF_8));

        try (TopicReader predictions = new TopicReader(kafka.bootstrapServers(), DIGITS.predictions().name());
             TopicReader dlq = new TopicReader(kafka.bootstrapServers(), DIGITS.requests().dlq().name())) {
            var serde = DIGITS.predictions().valueSerde().deserializer();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread()
                    .untilAsserted(() -> assertThat(predictions.poll()).hasSize(41));
            Map<String, PredictionRecord> byId = predictions.poll().stream()
                    .map(r -> serde.deserialize(r.topic(), r.value()))
                    .collect(Collectors.toMap(PredictionRecord::requestId, Function.identity()));
            for (int i = 0; i < 40; i++) {
                PredictionRecord p = byId.get(ids.get(i));
                double[] pixels = holdout.row(i);
                double[] expected = PRODUCTION.probabilities(pixels);
                assertThat(p.served().family()).isEqualTo("cnn");
                assertThat(p.served().alias()).isEqualTo(Aliases.PRODUCTION);
                assertThat(p.served().scores()).hasSize(10);
                for (int c = 0; c < 10; c++) {
                    assertThat(p.served().scores().get(c)).isCloseTo(expected[c], within(1e-5));
                }
                int argmax = 0;
                for (int c = 1; c < 10; c++) {
                    argmax = expected[c] > expected[argmax] ? c : argmax;
                }
                assertThat(p.served().value()).isEqualTo(argmax);
                assertThat(p.shadows()).singleElement().satisfies(s -> {
                    assertThat(s.alias()).isEqualTo(Aliases.SHADOW1);
                    assertThat(s.scores().get(4)).isCloseTo(SHADOW.probabilities(pixels)[4], within(1e-5));
                });
                assertThat(p.draft()).isFalse();
            }
            assertThat(byId.get("live.1").draft()).isTrue();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThat(dlq.poll()).hasSize(1));
            ConsumerRecord<byte[], byte[]> dead = dlq.poll().get(0);
            assertThat(DlqHeaders.reason(dead.headers())).startsWith("pixels");
        }
    }

    private static void send(String key, byte[] value) throws Exception {
        client.send(new ProducerRecord<>(DIGITS.requests().name(), key, value)).get();
    }
}
