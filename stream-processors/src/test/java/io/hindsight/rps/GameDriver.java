package io.hindsight.rps;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsFeedback;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The game topology on a TopologyTestDriver with a seeded random and numbered salts, plus the inputs and
 * outputs the tests drive: commands in, predictions in (the test acts as the predictor), every topic out.
 */
final class GameDriver implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final long SEED = 42;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RpsGameMeters meters = new RpsGameMeters(registry);
    final List<String> salts = new ArrayList<>();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> moves;
    final TestInputTopic<String, byte[]> predictions;
    /** The same topic with raw key bytes (keys that are not UTF-8). */
    final TestInputTopic<byte[], byte[]> rawPredictions;
    final TestOutputTopic<String, byte[]> games;
    final TestOutputTopic<String, byte[]> feedback;
    final TestOutputTopic<String, byte[]> requests;
    final TestOutputTopic<String, RpsExample> rounds;
    final TestOutputTopic<byte[], byte[]> dlq;
    private Instant clock = T0;

    /** @param stateDir the Streams state directory (the games store is persistent): a test's own temporary one */
    GameDriver(Path stateDir) {
        RpsGameConfig config = RpsGameConfig.defaults();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(RpsGameTopology.build(config, meters, () -> new SplittableRandom(SEED), () -> {
            String salt = String.format("%032x", salts.size() + 1);
            salts.add(salt);
            return salt;
        }), p);
        moves = driver.createInputTopic(Topics.RPS_MOVES.name(), new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createInputTopic(Topics.of(Task.RPS).predictions().name(), new StringSerializer(),
                new ByteArraySerializer());
        rawPredictions = driver.createInputTopic(Topics.of(Task.RPS).predictions().name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        games = driver.createOutputTopic(Topics.RPS_GAMES.name(), new StringDeserializer(), new ByteArrayDeserializer());
        feedback = driver.createOutputTopic(Topics.of(Task.RPS).feedback().name(), new StringDeserializer(),
                new ByteArrayDeserializer());
        requests = driver.createOutputTopic(Topics.of(Task.RPS).requests().name(), new StringDeserializer(),
                new ByteArrayDeserializer());
        rounds = driver.createOutputTopic(Topics.RPS_ROUNDS.name(), new StringDeserializer(),
                Topics.RPS_ROUNDS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.RPS_MOVES.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Instant tick() {
        clock = clock.plus(Duration.ofSeconds(1));
        return clock;
    }

    void send(String key, RpsCommand command) {
        sendRaw(key == null ? null : key.getBytes(StandardCharsets.UTF_8), Json.write(command));
    }

    void sendRaw(byte[] key, byte[] value) {
        moves.pipeInput(key, value, tick());
    }

    void sendRaw(byte[] key, byte[] value, Headers headers) {
        moves.pipeInput(new TestRecord<>(key, value, headers, tick()));
    }

    /** Starts a game keyed by its id and returns the view it produced. */
    RpsGameView start(String gameId, boolean easy, String family) {
        send(gameId, RpsCommand.start(gameId, easy, family));
        return lastView();
    }

    void move(String gameId, int round, Move move) {
        send(gameId, RpsCommand.move(gameId, round, move));
    }

    void predict(String requestId, String version, List<Double> scores) {
        ModelOutput served = new ModelOutput("forrest", version, "Production", 0, scores);
        long ts = tick().toEpochMilli();
        predictions.pipeInput(requestId, Json.write(new PredictionRecord(requestId, "rps", served, List.of(), ts, ts, false)),
                Instant.ofEpochMilli(ts));
    }

    void predictRaw(String key, byte[] bytes) {
        predictions.pipeInput(key, bytes, tick());
    }

    void predictRaw(byte[] key, byte[] bytes, Headers headers) {
        rawPredictions.pipeInput(new TestRecord<>(key, bytes, headers, tick()));
    }

    RpsGame stored(String gameId) {
        KeyValueStore<String, RpsGame> store = driver.getKeyValueStore(RpsGameTopology.GAMES_STORE);
        return store.get(gameId);
    }

    /** Drains rps.games and returns the latest view, or null when nothing was written. */
    RpsGameView lastView() {
        List<RpsGameView> all = views();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    List<RpsGameView> views() {
        return games.readValuesToList().stream().map(b -> Json.read(b, RpsGameView.class)).toList();
    }

    List<RpsFeedback> feedbacks() {
        return feedback.readValuesToList().stream().map(b -> Json.read(b, RpsFeedback.class)).toList();
    }

    List<RpsRequest> requestList() {
        return requests.readValuesToList().stream().map(b -> Json.read(b, RpsRequest.class)).toList();
    }

    double count(String name, String tag, String value) {
        var search = registry.get(name);
        return (tag == null ? search : search.tag(tag, value)).counter().count();
    }

    @Override
    public void close() {
        driver.close();
        meters.close();
    }
}
