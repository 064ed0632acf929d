package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.predictor.batch.Fallback;
import io.hindsight.predictor.registry.RpsTestModels;
import io.hindsight.trainer.publish.ModelPublisher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rps on a real broker: the predictor is ready and answers before any model exists (uniform fallback,
 * counted), and once a logan Production model is published the logan games it names are served by it
 * while other families still fall back. Bad requests go to the DLQ with a reason.
 */
class RpsPredictorIT {
    private static final TaskTopics RPS = Topics.of(Task.RPS);
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> client;
    private static PredictorRole role;
    private static PrometheusMeterRegistry meters;

    @BeforeAll
    static void startWithoutModels() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        client = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        role = new PredictorRole(PredictorConfig.defaults(kafka.bootstrapServers(), Task.RPS), meters);
        role.start();
    }

    @AfterAll
    static void stop() {
        role.close();
        client.close();
        kafka.close();
    }

    @Test
    void answersWithAFallbackUntilTheGamesModelArrivesThenServesIt() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(role::isServing);
        assertThat(role.isReady()).isTrue();
        send(RpsRequests.request("early", 1, "logan", Aliases.PRODUCTION));
        send(RpsRequests.request("other", 1, "forrest", Aliases.B));
        client.send(new ProducerRecord<>(RPS.requests().name(), "bad", "{\"id\":\"bad:1\"}".getBytes())).get();

        try (TopicReader predictions = new TopicReader(kafka.bootstrapServers(), RPS.predictions().name());
             TopicReader dlq = new TopicReader(kafka.bootstrapServers(), RPS.requests().dlq().name())) {
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThat(read(predictions)).hasSize(2));
            assertThat(read(predictions).get("early:1").served().version()).isEqualTo(Fallback.VERSION);
            assertThat(read(predictions).get("other:1").served().scores()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThat(dlq.poll()).hasSize(1));
            assertThat(DlqHeaders.reason(dlq.poll().get(0).headers())).contains("gameId");
            assertThat(meters.scrape()).contains("hindsight_predictor_fallback_total{alias=\"Production\",family=\"logan\",task=\"rps\"} 1.0");

            byte[] logan = RpsTestModels.protobuf(RpsTestModels.logistic(1L, Integer::toString));
            ModelVersion meta = RpsTestModels.meta("rps-logan-it", "logan", ModelVersion.TRIBUO_PROTOBUF, logan);
            new ModelPublisher(kafka.bootstrapServers()).publish(meta, logan, List.of(Aliases.PRODUCTION), "test");
            PredictionRecord served = firstServedByAModel(predictions, "early");
            assertThat(served.served().version()).isEqualTo("rps-logan-it");
            int round = Integer.parseInt(served.requestId().substring("early:".length()));
            assertThat(served.served().value()).as("logan learned that players repeat their last move").isEqualTo(round % 3);
            assertThat(served.shadows()).isEmpty();
        }
    }

    /** Plays rounds 2, 3, ... of a logan game until the model, loaded in the background, answers one. */
    private static PredictionRecord firstServedByAModel(TopicReader predictions, String game) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int round = 2; System.nanoTime() < deadline; round++) {
            String id = RpsRequest.idOf(game, round);
            send(RpsRequests.request(game, round, "logan", Aliases.PRODUCTION));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> read(predictions).containsKey(id));
            PredictionRecord p = read(predictions).get(id);
            if (!Fallback.isFallback(p.served())) {
                return p;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no logan prediction within 30 s of publishing the model");
    }

    private static Map<String, PredictionRecord> read(TopicReader predictions) {
        var serde = RPS.predictions().valueSerde().deserializer();
        return predictions.poll().stream().map(r -> serde.deserialize(r.topic(), r.value()))
                .collect(Collectors.toMap(PredictionRecord::requestId, Function.identity(), (a, b) -> a));
    }

    private static void send(RpsRequest r) throws Exception {
        client.send(new ProducerRecord<>(RPS.requests().name(), r.gameId(), RpsRequests.json(r))).get();
    }
}
