package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.predictor.registry.MalformedRegistryRecords;
import io.hindsight.predictor.registry.RegistryRejections;
import io.hindsight.predictor.registry.TinyOnnx;
import io.hindsight.trainer.calories.CaloriesExamples;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.model.TrainedModel;
import io.hindsight.trainer.publish.ModelPublisher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 for the registry topics on a real broker (RegistryFuzzTest does 10,000 of each without one):
 * garbage on models, model-aliases and model-artifacts, aliases pointing nowhere and uploads whose bytes
 * are no model, written the way any client could, while the calories predictor serves. It stays up, keeps
 * serving requests with its Production model throughout, counts every refused record once in
 * hindsight_predictor_registry_rejected_total{topic,reason} (these compacted topics have no DLQ), and still
 * takes a valid model published after the junk.
 */
class RegistryFuzzIT {
    static final int PER_KIND = 300;
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> client;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        client = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        client.close();
        kafka.close();
    }

    @Test
    void garbageOnTheRegistryTopicsIsCountedOnceEachAndTheProductionModelServesThroughout() throws Exception {
        TaskTopics calories = Topics.calories();
        ModelPublisher publisher = new ModelPublisher(kafka.bootstrapServers());
        TrainedModel production = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(8)).trainOnGenerated(1L, 800);
        publisher.publish(production, List.of(Aliases.PRODUCTION), "test");
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PredictorRole role = new PredictorRole(PredictorConfig.defaults(kafka.bootstrapServers(), Task.CALORIES), meters,
                PredictorClients::kafkaProducer, Duration.ofSeconds(10)); // an alias pointing nowhere for 10 s is counted
        role.start();
        try (TopicReader predictions = new TopicReader(kafka.bootstrapServers(), calories.predictions().name())) {
            await().atMost(Duration.ofSeconds(60)).until(role::isServing);
            MalformedRegistryRecords generator = new MalformedRegistryRecords(production.metadata(), production.artifact(),
                    new TinyOnnx(7L).model(true, -1, 10), "fuzz", 99L);

            for (int i = 0; i < PER_KIND; i++) {
                send(generator.model());
                send(generator.alias());
                send(generator.artifactUnderWrongKey());
            }
            for (int i = 0; i < PER_KIND; i++) { // each under its own alias key, so each is tried whatever the read order
                MalformedRegistryRecords.Upload u = generator.unloadableUpload();
                send(Topics.MODEL_ARTIFACTS.name(), u.metadata().artifactSha256(), u.artifact());
                send(Topics.MODELS.name(), u.metadata().version(), Json.write(u.metadata()));
                send(Topics.MODEL_ALIASES.name(), u.alias().key(), Json.write(u.alias()));
            }
            client.flush();
            serve(predictions, "during-junk", production);

            RegistryRejections rejected = role.registryRejections();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(topicTotal(rejected, Topics.MODELS.name())).isEqualTo(PER_KIND);
                assertThat(topicTotal(rejected, Topics.MODEL_ALIASES.name())).isEqualTo(PER_KIND);
                assertThat(rejected.count(Topics.MODEL_ARTIFACTS.name(), RegistryRejections.SHA_MISMATCH)).isEqualTo(PER_KIND);
                assertThat(rejected.count(Topics.MODEL_ARTIFACTS.name(), RegistryRejections.UNLOADABLE)).isEqualTo(PER_KIND);
            });
            assertThat(role.failure()).isNull();
            assertThat(role.isServing()).isTrue();
            serve(predictions, "after-junk", production);

            TrainedModel next = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(8).withSeed(9L)).trainOnGenerated(2L, 800);
            publisher.publish(next, List.of(Aliases.PRODUCTION), "test: promote after the junk");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    meters.get("hindsight.model.swaps").tag("alias", Aliases.PRODUCTION).counter().count() == 2);
            serve(predictions, "after-promotion", next);
            assertThat(rejected.total()).as("nothing more refused").isEqualTo(4 * PER_KIND);
            assertThat(meters.scrape()).contains(
                    "hindsight_predictor_registry_rejected_total{reason=\"unloadable\",task=\"calories\",topic=\"model-artifacts\"} "
                            + PER_KIND + ".0");
            System.out.printf("registry fuzz on a broker: %d models, %d model-aliases, %d model-artifacts under a wrong key and "
                            + "%d unservable uploads sent; refused: %s; Production served throughout%n",
                    PER_KIND, PER_KIND, PER_KIND, PER_KIND, byReason(meters));
        } finally {
            role.close();
        }
    }

    /** One request, answered by {@code model} as Production. */
    private static void serve(TopicReader predictions, String id, TrainedModel model) throws Exception {
        CaloriesRecord r = CaloriesRequests.records(id.hashCode(), List.of(id)).get(0);
        client.send(new ProducerRecord<>(Topics.calories().requests().name(), id.getBytes(StandardCharsets.UTF_8),
                CaloriesRequests.json(r))).get();
        var serde = Topics.calories().predictions().valueSerde().deserializer();
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> assertThat(predictions.poll().stream()
                .map(x -> serde.deserialize(x.topic(), x.value()).requestId())).contains(id));
        Map<String, PredictionRecord> byId = predictions.poll().stream().map(x -> serde.deserialize(x.topic(), x.value()))
                .collect(Collectors.toMap(PredictionRecord::requestId, Function.identity(), (a, b) -> a));
        PredictionRecord p = byId.get(id);
        assertThat(p.served().version()).isEqualTo(model.version());
        assertThat(p.served().value()).isEqualTo(CaloriesTrainer.predictKcal(model.model(), List.of(CaloriesExamples.unlabelled(r)))[0]);
    }

    private static void send(MalformedRegistryRecords.Malformed m) {
        send(m.topic(), m.key(), m.value());
    }

    private static void send(String topic, String key, byte[] value) {
        client.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static double topicTotal(RegistryRejections r, String topic) {
        return List.of(RegistryRejections.UNREADABLE, RegistryRejections.INVALID, RegistryRejections.KEY_MISMATCH,
                        RegistryRejections.UNKNOWN_VERSION, RegistryRejections.MISSING_ARTIFACT).stream()
                .mapToDouble(reason -> r.count(topic, reason)).sum();
    }

    private static String byReason(PrometheusMeterRegistry meters) {
        return meters.find("hindsight.predictor.registry.rejected").counters().stream().filter(c -> c.count() > 0)
                .map(c -> c.getId().getTag("topic") + "/" + c.getId().getTag("reason") + "=" + (long) c.count())
                .sorted().collect(Collectors.joining(", "));
    }
}
