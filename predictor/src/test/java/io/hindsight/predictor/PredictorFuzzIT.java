package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.predictor.MalformedRecords.Malformed;
import io.hindsight.predictor.batch.Fallback;
import io.hindsight.predictor.registry.TinyOnnx;
import io.hindsight.predictor.task.TaskServing;
import io.hindsight.trainer.calories.CaloriesExamples;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.model.TrainedModel;
import io.hindsight.trainer.publish.ModelPublisher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 8: 10,000 generated malformed records on each {@code <task>.requests} topic of a real broker, plus
 * three larger than the producer's 1 MiB limit for a dead letter. The predictor must stay up and serving,
 * dead-letter every one exactly once with a reason, count every one in hindsight_dlq_total, and still
 * predict the valid requests sent after the junk, with the right model.
 */
class PredictorFuzzIT {
    static final int RECORDS = 10_000;
    /** Records past the 1 MiB a dead letter may have: before the fix each failed its batch until the predictor gave up. */
    static final int[] OVERSIZED = {1_040_000, 1_500_000, 2_500_000};
    private static final TinyOnnx DIGITS_MODEL = new TinyOnnx(7L);
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> client;
    private static TrainedModel calories;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024)); // any client may send this much
        client = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        ModelPublisher publisher = new ModelPublisher(kafka.bootstrapServers());
        calories = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(10)).trainOnGenerated(5L, 1_000);
        publisher.publish(calories, List.of(Aliases.PRODUCTION), "test");
        byte[] onnx = DIGITS_MODEL.model(true, -1, 10);
        String sha = Sha256.hex(onnx);
        publisher.publish(new ModelVersion("digits-tiny-" + sha.substring(0, 12), "digits", "tiny", 1L, ModelVersion.ONNX, sha,
                onnx.length, List.of(), Map.of(), Map.of(), List.of(), "test"), onnx, List.of(Aliases.PRODUCTION), "test");
        // rps: no model, every valid request is answered with the uniform fallback
    }

    @AfterAll
    static void stop() {
        client.close();
        kafka.close();
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void everyMalformedRequestIsDeadLetteredWithAReasonAndCountedAndValidOnesAreStillServed(Task task) throws Exception {
        TaskTopics topics = Topics.of(task);
        String requests = topics.requests().name();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PredictorRole role = new PredictorRole(PredictorConfig.defaults(kafka.bootstrapServers(), task), meters);
        role.start();
        try (TopicReader dlq = new TopicReader(kafka.bootstrapServers(), topics.requests().dlq().name());
             TopicReader predictions = new TopicReader(kafka.bootstrapServers(), topics.predictions().name())) {
            await().atMost(Duration.ofSeconds(60)).until(role::isServing);
            MalformedRecords generator = MalformedRecords.requests(task, 8_000_000L + task.ordinal());

            List<Malformed> junk = new ArrayList<>(generator.next(RECORDS));
            for (int size : OVERSIZED) {
                junk.add(generator.oversized(size));
            }
            long bytes = 0;
            List<Future<RecordMetadata>> sent = new ArrayList<>(junk.size());
            for (Malformed m : junk) {
                sent.add(client.send(new ProducerRecord<>(requests, m.key(), m.value())));
                bytes += m.size();
            }
            client.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(); // every one is on the topic
            }
            List<MalformedRecords.Valid> valid = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                MalformedRecords.Valid v = generator.valid(task.id() + "-after-junk-" + i);
                valid.add(v);
                client.send(new ProducerRecord<>(requests, v.id().getBytes(StandardCharsets.UTF_8), v.value())).get();
            }

            int expected = junk.size();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).pollInSameThread()
                    .untilAsserted(() -> assertThat(dlq.poll()).hasSizeGreaterThanOrEqualTo(expected));
            Map<String, PredictionRecord> served = awaitPredictions(predictions, topics, valid);

            List<ConsumerRecord<byte[], byte[]>> dead = dlq.poll();
            assertThat(dead).hasSize(expected);
            Set<String> sources = new HashSet<>();
            int truncated = 0;
            for (ConsumerRecord<byte[], byte[]> d : dead) {
                assertThat(DlqHeaders.reason(d.headers())).as("reason of %s", d.offset()).isNotBlank();
                assertThat(header(d, DlqHeaders.STAGE)).isEqualTo("predictor");
                assertThat(header(d, DlqHeaders.SOURCE_TOPIC)).isEqualTo(requests);
                sources.add(header(d, DlqHeaders.SOURCE_PARTITION) + "@" + header(d, DlqHeaders.SOURCE_OFFSET));
                if (d.headers().lastHeader(DeadLetters.TRUNCATED) != null) {
                    truncated++;
                }
            }
            assertThat(sources).as("one dead letter per malformed record").hasSize(expected);
            assertThat(truncated).as("the records over 1 MiB, cut to fit").isEqualTo(OVERSIZED.length);
            assertThat(meters.get("hindsight.dlq").tag("topic", requests).tag("stage", "predictor").counter().count())
                    .isEqualTo(expected);
            assertThat(predictions.poll()).as("nothing but the valid requests was predicted").hasSize(valid.size());
            assertServedCorrectly(task, valid, served);
            assertThat(role.failure()).isNull();
            assertThat(role.isServing()).isTrue();
            System.out.printf("%s requests fuzz: %d malformed records (%d bytes) sent, %d dead-lettered with a reason "
                            + "(%d cut to fit), hindsight_dlq_total %s, %d valid requests served after them%n",
                    task.id(), expected, bytes, dead.size(), truncated,
                    meters.get("hindsight.dlq").tag("topic", requests).counter().count(), served.size());
        } finally {
            role.close();
        }
    }

    private static Map<String, PredictionRecord> awaitPredictions(TopicReader predictions, TaskTopics topics,
                                                                  List<MalformedRecords.Valid> valid) {
        var serde = topics.predictions().valueSerde().deserializer();
        Function<List<ConsumerRecord<byte[], byte[]>>, Map<String, PredictionRecord>> byId = rs -> rs.stream()
                .map(r -> serde.deserialize(r.topic(), r.value()))
                .collect(Collectors.toMap(PredictionRecord::requestId, Function.identity(), (a, b) -> a));
        List<String> ids = valid.stream().map(MalformedRecords.Valid::id).toList();
        await().atMost(Duration.ofSeconds(60)).pollInSameThread()
                .untilAsserted(() -> assertThat(byId.apply(predictions.poll())).containsKeys(ids.toArray(String[]::new)));
        return byId.apply(predictions.poll());
    }

    private static void assertServedCorrectly(Task task, List<MalformedRecords.Valid> valid, Map<String, PredictionRecord> served) {
        for (MalformedRecords.Valid v : valid) {
            PredictionRecord p = served.get(v.id());
            switch (task) {
                case CALORIES -> {
                    CaloriesRecord r = Json.read(v.value(), CaloriesRecord.class);
                    double kcal = CaloriesTrainer.predictKcal(calories.model(), List.of(CaloriesExamples.unlabelled(r)))[0];
                    assertThat(p.served().version()).isEqualTo(calories.version());
                    assertThat(p.served().value()).isEqualTo(kcal);
                }
                case DIGITS -> {
                    double[] pixels = TaskServing.of(Task.DIGITS).parse(v.value()).value().features();
                    double[] expected = DIGITS_MODEL.probabilities(pixels);
                    assertThat(p.served().alias()).isEqualTo(Aliases.PRODUCTION);
                    for (int c = 0; c < 10; c++) {
                        assertThat(p.served().scores().get(c)).isCloseTo(expected[c], within(1e-5));
                    }
                }
                case RPS -> {
                    assertThat(p.served().version()).isEqualTo(Fallback.VERSION);
                    assertThat(p.served().scores()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
                }
            }
            assertThat(p.replay()).isFalse();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
