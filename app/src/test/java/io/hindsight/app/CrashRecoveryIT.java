package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.FirstStartTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once promise under SIGKILL: the predictor and the joiner run as separate processes and are each
 * killed at a seeded random point in a 20k-record stream, then restarted; part of the stream is re-sent with
 * the same ids. Afterwards every request has exactly one served prediction and every model output exactly one
 * scored record.
 */
class CrashRecoveryIT {
    private static final int N = 20_000;
    private static final int RESENT = 2_000;
    private static final long SEED = 20261123L;
    private static EmbeddedKafka kafka;
    private static Path dir;

    @BeforeAll
    static void broker() throws Exception {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        FirstStartTraining.ensureCaloriesModels(kafka.bootstrapServers(), 2000);
        dir = Files.createDirectories(Path.of("target", "crash-it"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void killedPredictorAndJoinerLoseAndDoubleNothing() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Random random = new Random(SEED);
        int killPredictorAt = 4_000 + random.nextInt(6_000);
        int killJoinerAt = 8_000 + random.nextInt(6_000);
        List<CaloriesRow> rows = new CaloriesGenerator(SEED, 0).next(N);

        try (RoleProcess predictor = new RoleProcess(bootstrap, "predictor", dir.resolve("predictor-data"), dir.resolve("predictor.log"),
                     "--predictor-workers", "2").start();
             RoleProcess joiner = new RoleProcess(bootstrap, "feedback-joiner", dir.resolve("joiner-data"), dir.resolve("joiner.log")).start();
             KafkaProducer<String, byte[]> client = TestKafka.producer(bootstrap)) {

            for (int i = 0; i < N; i++) {
                CaloriesRow row = rows.get(i);
                send(client, "calories.requests", row.record().id(), Json.write(row.record()));
                // Ground truth trails its request; some arrives before the prediction is visible.
                if (i >= 200) {
                    sendFeedback(client, rows.get(i - 200));
                }
                if (i == killPredictorAt) {
                    client.flush();
                    awaitPredictions(bootstrap, i / 2);
                    predictor.kill();
                    predictor.start();
                }
                if (i == killJoinerAt) {
                    client.flush();
                    joiner.kill();
                    joiner.start();
                }
            }
            for (int i = N - 200; i < N; i++) {
                sendFeedback(client, rows.get(i));
            }
            // A client that timed out re-sends part of the stream with the same ids, truth included.
            for (int i = 0; i < RESENT; i++) {
                CaloriesRow row = rows.get(i);
                send(client, "calories.requests", row.record().id(), Json.write(row.record()));
                sendFeedback(client, row);
            }
            client.flush();

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    countServed(bootstrap) >= N && countReplays(bootstrap) >= RESENT && countScoredServed(bootstrap) >= N);
            assertThat(predictor.isAlive()).isTrue();
            assertThat(joiner.isAlive()).isTrue();
        }

        Map<String, Integer> served = new HashMap<>();
        int replays = 0;
        for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(bootstrap, "calories.predictions")) {
            PredictionRecord p = Json.read(r.value(), PredictionRecord.class);
            if (p.replay()) {
                replays++;
            } else {
                served.merge(p.requestId(), 1, Integer::sum);
            }
        }
        Map<String, Integer> scored = new HashMap<>();
        int scoredServed = 0;
        for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(bootstrap, "calories.scored")) {
            ScoredRecord s = Json.read(r.value(), ScoredRecord.class);
            scored.merge(s.requestId() + "/" + s.alias(), 1, Integer::sum);
            if (s.served()) {
                scoredServed++;
            }
        }
        System.out.printf("crash test: killed predictor at %d, joiner at %d; %d requests (+%d re-sent): "
                        + "%d served predictions for %d ids, %d replays, %d scored served, %d scored outputs%n",
                killPredictorAt, killJoinerAt, N, RESENT, served.values().stream().mapToInt(Integer::intValue).sum(),
                served.size(), replays, scoredServed, scored.size());
        assertThat(served).hasSize(N);
        assertThat(served.values()).allMatch(c -> c == 1);
        assertThat(replays).isGreaterThanOrEqualTo(RESENT);
        assertThat(scoredServed).isEqualTo(N);
        assertThat(scored.values()).allMatch(c -> c == 1);
    }

    private static void send(KafkaProducer<String, byte[]> client, String topic, String key, byte[] value) {
        client.send(new ProducerRecord<>(topic, key, value));
    }

    private static void sendFeedback(KafkaProducer<String, byte[]> client, CaloriesRow row) {
        send(client, "calories.feedback", row.record().id(),
                ("{\"id\":\"" + row.record().id() + "\",\"Calories\":" + row.calories() + "}").getBytes());
    }

    private static void awaitPredictions(String bootstrap, int atLeast) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> countServed(bootstrap) >= atLeast);
    }

    private static long countServed(String bootstrap) {
        return TestKafka.readAll(bootstrap, "calories.predictions").stream()
                .filter(r -> !Json.tree(r.value()).get("replay").asBoolean()).count();
    }

    private static long countReplays(String bootstrap) {
        return TestKafka.readAll(bootstrap, "calories.predictions").stream()
                .filter(r -> Json.tree(r.value()).get("replay").asBoolean()).count();
    }

    private static long countScoredServed(String bootstrap) {
        return TestKafka.readAll(bootstrap, "calories.scored").stream()
                .filter(r -> Json.tree(r.value()).get("served").asBoolean()).count();
    }
}
