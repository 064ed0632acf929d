package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.Topics;
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
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The predictor against a real (embedded KRaft) broker, driven the way any client would: raw JSON on
 * calories.requests, read_committed reads of calories.predictions and the DLQ. Ordered, because it follows
 * one installation's life: no model, first model, bad input, repeats, a restart, an alias move.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictorIT {
    private static final String REQUESTS = Topics.calories().requests().name();
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> client;
    private static TopicReader predictions;
    private static TopicReader dlq;
    private static TrainedModel production;
    private static TrainedModel shadow;
    private static PredictorRole role;
    private static PrometheusMeterRegistry meters;
    /** Requests answered in test 1: re-sent by the replay and restart tests. */
    private static final List<CaloriesRecord> FIRST = CaloriesRequests.records(21L, List.of("1001", "1002", "req-a", "req-b", "req-c"));

    @BeforeAll
    static void startBrokerAndPredictorWithoutModels() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        client = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        predictions = new TopicReader(kafka.bootstrapServers(), Topics.calories().predictions().name());
        dlq = new TopicReader(kafka.bootstrapServers(), Topics.calories().requests().dlq().name());
        production = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(60)).trainOnGenerated(1L, 4_000);
        shadow = new CaloriesTrainer(CaloriesTrainerConfig.shadow().withTrees(20)).trainOnGenerated(1L, 4_000);
        startRole();
    }

    @AfterAll
    static void stopAll() {
        role.close();
        predictions.close();
        dlq.close();
        client.close();
        kafka.close();
    }

    @Test
    @Order(1)
    void requestsWaitForTheFirstProductionModelAndAreThenServedOnceEach() throws Exception {
        assertThat(role.isServing()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(role::isReady); // healthy with nothing to serve yet
        send("1001", CaloriesRequests.jsonWithNumericId(FIRST.get(0)));
        send(null, CaloriesRequests.jsonWithNumericId(FIRST.get(1)));
        send("req-a", CaloriesRequests.json(FIRST.get(2)));

        ModelPublisher publisher = new ModelPublisher(kafka.bootstrapServers());
        publisher.publish(production, List.of(Aliases.PRODUCTION), "test");
        publisher.publish(shadow, List.of(Aliases.SHADOW1), "test");
        await().atMost(Duration.ofSeconds(30)).until(role::isServing);
        send(null, CaloriesRequests.json(FIRST.get(3)));
        send("req-c", CaloriesRequests.json(FIRST.get(4)));

        Map<String, PredictionRecord> byId = awaitFresh(ids(FIRST));
        double[] expected = CaloriesTrainer.predictKcal(production.model(), FIRST.stream().map(CaloriesExamples::unlabelled).toList());
        for (int i = 0; i < FIRST.size(); i++) {
            PredictionRecord p = byId.get(FIRST.get(i).id());
            assertThat(p.served()).isEqualTo(new ModelOutput("xgboost", production.version(), Aliases.PRODUCTION, expected[i], List.of()));
            assertThat(p.shadows()).extracting(ModelOutput::alias, ModelOutput::version).containsExactly(
                    tuple(Aliases.SHADOW1, shadow.version()));
            assertThat(p.predictedTs()).isGreaterThanOrEqualTo(p.requestTs());
        }
        assertKeyedByRequestId(); // the id in the value, whatever the request's key was (null too)
        assertThat(meters.get("hindsight.predictions").tag("alias", Aliases.PRODUCTION).counter().count()).isEqualTo(5);
        assertThat(meters.get("hindsight.predictions").tag("alias", Aliases.SHADOW1).counter().count()).isEqualTo(5);
        assertThat(meters.get("hindsight.model.swaps").tag("alias", Aliases.PRODUCTION).counter().count()).isEqualTo(1);
        assertThat(meters.get("hindsight.models.loaded").gauge().value()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void badRecordsGoToTheDlqWithTheirOriginalBytesAndAReason() {
        CaloriesRecord r = CaloriesRequests.records(22L, List.of("bad-age")).get(0);
        byte[] badAge = CaloriesRequests.with(r, "Age", -5);
        byte[] badSex = CaloriesRequests.with(r.withId("bad-sex"), "Sex", "x");
        send("k-malformed", CaloriesRequests.MALFORMED);
        send("k-age", badAge);
        send(null, badSex);
        send("k-good", CaloriesRequests.json(r.withId("good-after-bad")));

        await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThat(dlq.poll()).hasSize(3));
        List<ConsumerRecord<byte[], byte[]>> dead = dlq.poll();
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = dead.stream().collect(Collectors.toMap(
                d -> d.key() == null ? "null" : new String(d.key(), StandardCharsets.UTF_8), Function.identity()));
        assertThat(byKey.get("k-malformed").value()).isEqualTo(CaloriesRequests.MALFORMED);
        assertThat(DlqHeaders.reason(byKey.get("k-malformed").headers())).contains("malformed JSON");
        assertThat(byKey.get("k-age").value()).isEqualTo(badAge);
        assertThat(DlqHeaders.reason(byKey.get("k-age").headers())).startsWith("Age");
        assertThat(byKey.get("null").value()).isEqualTo(badSex);
        assertThat(DlqHeaders.reason(byKey.get("null").headers())).startsWith("Sex");
        assertThat(new String(byKey.get("k-age").headers().lastHeader(DlqHeaders.STAGE).value(), StandardCharsets.UTF_8)).isEqualTo("predictor");
        assertThat(new String(byKey.get("k-age").headers().lastHeader(DlqHeaders.SOURCE_TOPIC).value(), StandardCharsets.UTF_8)).isEqualTo(REQUESTS);

        awaitFresh(List.of("good-after-bad"));
        assertThat(predictionRecords()).extracting(PredictionRecord::requestId).doesNotContain("bad-age", "bad-sex");
        assertThat(meters.get("hindsight.dlq").tag("topic", REQUESTS).tag("stage", "predictor").counter().count()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void repeatedIdsAreAnsweredWithTheOriginalPrediction() {
        Map<String, PredictionRecord> originals = freshById();
        for (CaloriesRecord r : FIRST) {
            send(r.id(), CaloriesRequests.json(r));
        }
        CaloriesRecord twice = CaloriesRequests.records(23L, List.of("twice")).get(0);
        send("twice", CaloriesRequests.json(twice));
        send("twice", CaloriesRequests.json(twice));

        List<String> all = new ArrayList<>(ids(FIRST));
        all.add("twice");
        awaitReplays(all);
        assertOneFreshPredictionEach(all);
        for (CaloriesRecord r : FIRST) {
            assertThat(replaysOf(r.id())).containsOnly(originals.get(r.id()).asReplay());
        }
        assertThat(replaysOf("twice")).containsExactly(freshById().get("twice").asReplay());
        assertThat(meters.get("hindsight.replays").tag("task", "calories").counter().count()).isEqualTo(6);
    }

    @Test
    @Order(4)
    void afterARestartRepeatedIdsAreStillReplayedFromThePredictionsTopic() {
        role.close();
        assertThat(role.failure()).isNull();
        startRole(); // same group, fresh memory: the dedupe map must come back from calories.predictions
        await().atMost(Duration.ofSeconds(30)).until(role::isServing);
        int replaysBefore = replaysOf("1001").size();
        for (CaloriesRecord r : FIRST) {
            send(null, CaloriesRequests.json(r)); // null keys: any partition
        }
        CaloriesRecord fresh = CaloriesRequests.records(24L, List.of("after-restart")).get(0);
        send("after-restart", CaloriesRequests.json(fresh));

        awaitFresh(List.of("after-restart"));
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() ->
                assertThat(replaysOf("1001")).hasSize(replaysBefore + 1));
        awaitReplays(ids(FIRST));
        assertOneFreshPredictionEach(ids(FIRST));
        assertThat(meters.get("hindsight.replays").tag("task", "calories").counter().count()).isEqualTo(FIRST.size());
    }

    @Test
    @Order(5)
    void anAliasMoveIsPickedUpWithoutARestart() {
        TrainedModel next = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(40).withSeed(99L)).trainOnGenerated(2L, 4_000);
        assertThat(next.version()).isNotEqualTo(production.version());
        new ModelPublisher(kafka.bootstrapServers()).publish(next, List.of(Aliases.PRODUCTION), "test: promote");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                meters.get("hindsight.model.swaps").tag("alias", Aliases.PRODUCTION).counter().count() == 2);

        CaloriesRecord r = CaloriesRequests.records(25L, List.of("after-move")).get(0);
        send("after-move", CaloriesRequests.json(r));

        PredictionRecord p = awaitFresh(List.of("after-move")).get("after-move");
        assertThat(p.served().version()).isEqualTo(next.version());
        assertThat(p.served().value()).isEqualTo(CaloriesTrainer.predictKcal(next.model(), List.of(CaloriesExamples.unlabelled(r)))[0]);
        assertThat(p.shadows()).extracting(ModelOutput::version).containsExactly(shadow.version());
        assertThat(role.failure()).isNull();
    }

    @Test
    @Order(6)
    void metricsHaveThePrometheusNamesTheDashboardsQuery() {
        assertThat(meters.scrape()).contains(
                "hindsight_predictions_total{alias=\"Production\",task=\"calories\"}",
                "hindsight_predictions_total{alias=\"shadow1\",task=\"calories\"}",
                "hindsight_predict_seconds_count{task=\"calories\"}",
                "hindsight_predict_seconds_bucket{",
                "hindsight_predict_batch_size_count{task=\"calories\"}",
                "hindsight_replays_total{task=\"calories\"}",
                "hindsight_dlq_total{stage=\"predictor\",topic=\"calories.requests\"}",
                "hindsight_model_swaps_total{alias=\"Production\",task=\"calories\"} 2.0",
                "hindsight_models_loaded{task=\"calories\"} 2.0");
    }

    // --- helpers ---

    private static void startRole() {
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        role = new PredictorRole(PredictorConfig.defaults(kafka.bootstrapServers(), Task.CALORIES), meters);
        role.start();
    }

    private static void send(String key, byte[] value) {
        try {
            client.send(new ProducerRecord<>(REQUESTS, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not send a request", e);
        }
    }

    private static ConditionFactory awaitPredictions() {
        return await().atMost(Duration.ofSeconds(30)).pollInSameThread();
    }

    private static Map<String, PredictionRecord> awaitFresh(List<String> ids) {
        awaitPredictions().untilAsserted(() -> assertThat(freshById()).containsKeys(ids.toArray(String[]::new)));
        return freshById();
    }

    private static void awaitReplays(List<String> ids) {
        awaitPredictions().untilAsserted(() -> assertThat(predictionRecords().stream().filter(PredictionRecord::replay)
                .map(PredictionRecord::requestId)).containsAll(ids));
    }

    private static void assertOneFreshPredictionEach(List<String> ids) {
        Map<String, Long> fresh = predictionRecords().stream().filter(p -> !p.replay())
                .collect(Collectors.groupingBy(PredictionRecord::requestId, Collectors.counting()));
        for (String id : ids) {
            assertThat(fresh.get(id)).as("non-replay predictions of " + id).isEqualTo(1L);
        }
    }

    private static Map<String, PredictionRecord> freshById() {
        return predictionRecords().stream().filter(p -> !p.replay())
                .collect(Collectors.toMap(PredictionRecord::requestId, Function.identity(), (a, b) -> a));
    }

    private static List<PredictionRecord> replaysOf(String id) {
        return predictionRecords().stream().filter(p -> p.replay() && p.requestId().equals(id)).toList();
    }

    private static List<PredictionRecord> predictionRecords() {
        var deserializer = Topics.calories().predictions().valueSerde().deserializer();
        return predictions.poll().stream().map(r -> deserializer.deserialize(r.topic(), r.value())).toList();
    }

    private static void assertKeyedByRequestId() {
        var deserializer = Topics.calories().predictions().valueSerde().deserializer();
        for (ConsumerRecord<byte[], byte[]> r : predictions.poll()) {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(deserializer.deserialize(r.topic(), r.value()).requestId());
        }
    }

    private static List<String> ids(List<CaloriesRecord> records) {
        return records.stream().map(CaloriesRecord::id).toList();
    }
}
