package io.hindsight.contracts.topics;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.DigitExample;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.drift.PerformanceEstimate;
import io.hindsight.contracts.json.JsonSerde;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsGameView;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/** The topic catalog: no topic name is typed anywhere else. */
public final class Topics {
    private static final Map<Task, TaskTopics> BY_TASK = new EnumMap<>(Task.class);

    static {
        for (Task t : Task.values()) {
            BY_TASK.put(t, TaskTopics.of(t));
        }
    }

    public static final Topic<String, RollingMetrics> METRICS_ROLLING = new Topic<>("metrics.rolling",
            Serdes.String(), new JsonSerde<>(RollingMetrics.class), 1, Retention.compactAndDelete(7),
            "rolling-metrics.schema.json");

    /** Model metadata and provenance, keyed by model version. */
    public static final Topic<String, ModelVersion> MODELS = new Topic<>("models",
            Serdes.String(), new JsonSerde<>(ModelVersion.class), 1, Retention.compact(), "model-version.schema.json");

    /** Model bytes (Tribuo protobuf or ONNX), content-addressed: key is the sha256 of the value. */
    public static final Topic<String, byte[]> MODEL_ARTIFACTS = new Topic<>("model-artifacts",
            Serdes.String(), Serdes.ByteArray(), 1,
            Map.of("cleanup.policy", "compact", "max.message.bytes", Integer.toString(64 * 1024 * 1024)), null);

    /** Which version each task/family/alias points at, keyed "task/family/alias". */
    public static final Topic<String, AliasAssignment> MODEL_ALIASES = new Topic<>("model-aliases",
            Serdes.String(), new JsonSerde<>(AliasAssignment.class), 1, Retention.compact(), "alias.schema.json");

    /**
     * Labelled digits for training and evaluation, keyed "{split}-{index}". One partition, kept forever, so a
     * model's training data is an exact offset range and can be replayed.
     */
    public static final Topic<String, DigitExample> DIGITS_TRAINING = new Topic<>("digits.training",
            Serdes.String(), new JsonSerde<>(DigitExample.class), 1, Retention.forever(), "digits.training.schema.json");

    /**
     * Drift of live requests against the Production model's training data, keyed "task/feature/windowStart"
     * ({@link DriftReport#key}): one report per feature and closed window.
     */
    public static final Topic<String, DriftReport> DRIFT = new Topic<>("drift",
            Serdes.String(), new JsonSerde<>(DriftReport.class), 1, Retention.days(30), "drift.schema.json");

    /**
     * Performance estimated before ground truth (CBPE for classifiers), keyed and windowed like
     * {@link #METRICS_ROLLING}, with the realised figure beside it once known.
     */
    public static final Topic<String, PerformanceEstimate> METRICS_ESTIMATED = new Topic<>("metrics.estimated",
            Serdes.String(), new JsonSerde<>(PerformanceEstimate.class), 1, Retention.compactAndDelete(7),
            "estimated-metrics.schema.json");

    /**
     * rps: the player's commands (start a game, a move), keyed by game id, raw bytes from any client; the
     * game processor validates them and dead-letters bad ones.
     */
    public static final Topic<String, byte[]> RPS_MOVES = new Topic<>("rps.moves", Serdes.String(), Serdes.ByteArray(),
            TaskTopics.DEFAULT_PARTITIONS, Retention.days(7), "rps.command.schema.json");

    /** rps: each game's public state after every event, keyed by game id; compacted to the latest. */
    public static final Topic<String, RpsGameView> RPS_GAMES = new Topic<>("rps.games", Serdes.String(),
            new JsonSerde<>(RpsGameView.class), TaskTopics.DEFAULT_PARTITIONS, Retention.compactAndDelete(30),
            "rps.game.schema.json");

    /**
     * rps: every finished round as a training example (features + the move the player made), keyed
     * "gameId:round". One partition, kept forever: a model's training data is an exact offset range.
     */
    public static final Topic<String, RpsExample> RPS_ROUNDS = new Topic<>("rps.rounds", Serdes.String(),
            new JsonSerde<>(RpsExample.class), 1, Retention.forever(), "rps.round.schema.json");

    /** The promotion ledger: every evaluation, "no change" included, keyed "task/family"; kept forever. */
    public static final Topic<String, PromotionDecision> PROMOTIONS = new Topic<>("promotions", Serdes.String(),
            new JsonSerde<>(PromotionDecision.class), 1, Retention.forever(), "promotion.schema.json");

    private Topics() {
    }

    public static TaskTopics of(Task task) {
        return BY_TASK.get(task);
    }

    public static TaskTopics calories() {
        return BY_TASK.get(Task.CALORIES);
    }

    /** Every topic Hindsight uses; created at start-up. */
    public static List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new ArrayList<>();
        for (TaskTopics t : BY_TASK.values()) {
            all.addAll(t.all());
        }
        all.add(METRICS_ROLLING);
        all.add(MODELS);
        all.add(MODEL_ARTIFACTS);
        all.add(MODEL_ALIASES);
        all.add(DIGITS_TRAINING);
        all.add(DRIFT);
        all.add(METRICS_ESTIMATED);
        all.add(RPS_MOVES);
        all.add(RPS_MOVES.dlq());
        all.add(RPS_GAMES);
        all.add(RPS_ROUNDS);
        all.add(PROMOTIONS);
        return List.copyOf(all);
    }
}
