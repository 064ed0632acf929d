package io.hindsight.rps;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.json.JsonSerde;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.rps.Commitment;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The rock-paper-scissors game processor, a pure builder. One persistent store holds every game
 * ({@link RpsGame}, secrets included) by game id:
 * <pre>
 *   rps.moves (bytes, key gameId) ─┬─ keyed ─────────────────────────────────┐
 *                                  └─ keyless: re-key by body gameId ─► repartition ─┤
 *                                                                            apply command ─┐
 *   rps.predictions (key "gameId:round") ─ key by gameId ─► repartition ─► apply prediction ─┤
 *        ┌─────────────────────────────────────────────────────────────────────────────────┘
 *        └─► rps.games (view) | rps.feedback | rps.rounds | rps.requests | rps.moves.dlq
 * </pre>
 * Both re-keyed paths exist because a game's state lives in the task of its game id's partition.
 */
public final class RpsGameTopology {
    public static final String GAMES_STORE = "rps-games-store";
    /** Internal topic names are {@code <applicationId>-<name>-repartition}. */
    static final String MOVES_BY_GAME = "rps-moves-by-game";
    static final String PREDICTIONS_BY_GAME = "rps-predictions-by-game";

    private static final Serde<RpsGame> GAME = new JsonSerde<>(RpsGame.class);
    private static final Serde<PredictionRecord> PREDICTION = new JsonSerde<>(PredictionRecord.class);

    private RpsGameTopology() {
    }

    /** Production sources: bot randomness and commitment salts that a player cannot predict. */
    public static Topology build(RpsGameConfig config, RpsGameMeters meters) {
        return build(config, meters, SecureRandom::new, Commitment::newSalt);
    }

    /**
     * @param randoms one generator per processor instance (easy mode, fallback moves); tests pass a seeded one
     * @param salts   the salt of each commitment; must be unguessable in production
     */
    public static Topology build(RpsGameConfig config, RpsGameMeters meters, Supplier<RandomGenerator> randoms,
                                 Supplier<String> salts) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GAMES_STORE), Serdes.String(), GAME));

        Topic<String, byte[]> moves = Topics.RPS_MOVES;
        Map<String, KStream<byte[], Emit>> commandOutputs = builder
                .stream(moves.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("moves-source"))
                .process(() -> new CommandProcessor(meters, salts), Named.as("apply-command"), GAMES_STORE)
                .split(Named.as("command-"))
                .branch((key, emit) -> emit.rerouted(), Branched.as("keyless"))
                .defaultBranch(Branched.as("outputs"));
        KStream<byte[], Emit> rekeyedOutputs = commandOutputs.get("command-keyless")
                .mapValues(Emit::value, Named.as("keyless-command-bytes"))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(MOVES_BY_GAME)
                        .withNumberOfPartitions(config.partitions()))
                .process(() -> new CommandProcessor(meters, salts), Named.as("apply-rekeyed-command"), GAMES_STORE);

        Topic<String, PredictionRecord> predictions = Topics.of(Task.RPS).predictions();
        KStream<byte[], Emit> predictionOutputs = builder
                .stream(predictions.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("predictions-source"))
                .flatMap((key, bytes) -> byGame(bytes, meters), Named.as("prediction-by-game"))
                .repartition(Repartitioned.with(Serdes.String(), PREDICTION).withName(PREDICTIONS_BY_GAME)
                        .withNumberOfPartitions(config.partitions()))
                .process(() -> new PredictionProcessor(meters, randoms.get(), salts), Named.as("apply-prediction"), GAMES_STORE);

        commandOutputs.get("command-outputs")
                .merge(rekeyedOutputs, Named.as("command-outputs-merged"))
                .merge(predictionOutputs, Named.as("game-outputs"))
                .to((key, emit, context) -> emit.topic(), Produced.with(Serdes.ByteArray(), Emit.SERDE).withName("game-outputs-sink"));
        return builder.build();
    }

    /**
     * A prediction re-keyed by the game id in its request id. Read as bytes, not with the topic's serde, so an
     * unreadable record is counted here rather than failing or being skipped by a deserialization handler.
     */
    static List<KeyValue<String, PredictionRecord>> byGame(byte[] bytes, RpsGameMeters meters) {
        PredictionRecord p;
        try {
            p = bytes == null ? null : Json.read(bytes, PredictionRecord.class);
        } catch (RuntimeException e) {
            p = null;
        }
        RequestId id = p == null ? null : RequestId.parse(p.requestId());
        if (id == null) {
            meters.predictionIgnored(RpsGameMeters.INVALID);
            return List.of();
        }
        return List.of(KeyValue.pair(id.gameId(), p));
    }
}
