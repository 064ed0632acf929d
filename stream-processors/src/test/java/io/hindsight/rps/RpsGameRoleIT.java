package io.hindsight.rps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RoundLog;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The game role end to end on the embedded broker: a start, three gambit rounds, a request answered by the
 * test acting as the predictor, the model's move verified, and a bad command dead-lettered. Everything is
 * read back read_committed, as the gateway would.
 */
class RpsGameRoleIT {
    static final String GAME = "it-game-1";
    static final Duration WAIT = Duration.ofSeconds(60);
    static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, WAIT);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void playsAGameThroughGambitRequestAndPrediction() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RpsGameRole role = new RpsGameRole(kafka.bootstrapServers(), RpsGameConfig.defaults(), stateDir, registry);
             KafkaProducer<byte[], byte[]> producer = producer();
             Outputs out = new Outputs()) {
            role.start();
            await().atMost(WAIT).until(role::isReady);

            send(producer, Topics.RPS_MOVES.name(), GAME, Json.write(RpsCommand.start(GAME, false, null)));
            for (int round = 1; round <= 3; round++) {
                int r = round;
                out.awaitView(v -> RpsGame.AWAITING_PLAYER.equals(v.status()) && v.round() == r);
                send(producer, Topics.RPS_MOVES.name(), GAME, Json.write(RpsCommand.move(GAME, round, Move.ROCK)));
            }

            RpsRequest request = Json.read(out.next(Topics.of(Task.RPS).requests().name()).value(), RpsRequest.class);
            assertThat(request.id()).isEqualTo(GAME + ":4");
            assertThat(request.features()).hasSize(50);
            long now = System.currentTimeMillis();
            PredictionRecord prediction = new PredictionRecord(request.id(), "rps",
                    new ModelOutput(request.family(), "it-v1", request.alias(), 0, List.of(0.8, 0.1, 0.1)), List.of(), now, now, false);
            send(producer, Topics.of(Task.RPS).predictions().name(), request.id(), Json.write(prediction));

            out.awaitView(v -> RpsGame.AWAITING_PLAYER.equals(v.status()) && v.round() == 4);
            send(producer, Topics.RPS_MOVES.name(), GAME, Json.write(RpsCommand.move(GAME, 4, Move.ROCK)));
            RpsGameView after4 = out.awaitView(v -> v.rounds().size() == 4);
            RoundLog r4 = after4.rounds().get(3);
            assertThat(r4.botSource()).isEqualTo(BotSource.MODEL);
            assertThat(r4.model()).isEqualTo("it-v1");
            assertThat(r4.bot()).isEqualTo("paper"); // the best response to a likely rock
            assertThat(after4.rounds()).allMatch(r -> r.verifies(GAME));

            send(producer, Topics.RPS_MOVES.name(), GAME, "{broken".getBytes(StandardCharsets.UTF_8));
            ConsumerRecord<byte[], byte[]> dead = out.next(Topics.RPS_MOVES.dlq().name());
            assertThat(DlqHeaders.reason(dead.headers())).contains("malformed JSON");

            assertThat(out.all(Topics.of(Task.RPS).feedback().name())).hasSize(4);
            assertThat(out.all(Topics.RPS_ROUNDS.name())).hasSize(4);
            assertThat(registry.scrape())
                    .contains("hindsight_rps_games_started_total 1.0")
                    .contains("hindsight_rps_bot_moves_total{source=\"model\"} 1.0")
                    .contains("hindsight_rps_bot_moves_total{source=\"gambit\"} 3.0")
                    .contains("hindsight_rps_commands_rejected_total{reason=\"invalid\"} 1.0");
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
        producer.flush();
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Every output topic, read committed from the start, kept per topic. */
    static final class Outputs implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, List<ConsumerRecord<byte[], byte[]>>> seen = new HashMap<>();
        private final Map<String, Integer> taken = new HashMap<>();

        Outputs() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "rps-it-reader");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.RPS_GAMES.name(), Topics.of(Task.RPS).requests().name(),
                    Topics.of(Task.RPS).feedback().name(), Topics.RPS_ROUNDS.name(), Topics.RPS_MOVES.dlq().name()));
        }

        private void poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                seen.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r);
            }
        }

        /** The next record on {@code topic} not returned before. */
        ConsumerRecord<byte[], byte[]> next(String topic) {
            int next = taken.getOrDefault(topic, 0);
            await().atMost(WAIT).until(() -> {
                poll();
                return seen.getOrDefault(topic, List.of()).size() > next;
            });
            taken.put(topic, next + 1);
            return seen.get(topic).get(next);
        }

        RpsGameView awaitView(Predicate<RpsGameView> wanted) {
            while (true) {
                RpsGameView v = Json.read(next(Topics.RPS_GAMES.name()).value(), RpsGameView.class);
                if (wanted.test(v)) {
                    return v;
                }
            }
        }

        List<ConsumerRecord<byte[], byte[]>> all(String topic) {
            poll();
            return seen.getOrDefault(topic, List.of());
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
