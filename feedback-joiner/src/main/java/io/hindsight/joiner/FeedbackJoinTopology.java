package io.hindsight.joiner;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.JsonSerde;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The feedback joiner's topology, a pure builder (no config but the JoinerConfig, no I/O):
 * <pre>
 *   &lt;task&gt;.predictions (bytes) ── validate ──► bad ──► &lt;task&gt;.predictions.dlq
 *                                      └─► good ── drop replays and drafts ──┐
 *   &lt;task&gt;.feedback (bytes) ── validate ──► bad ──► &lt;task&gt;.feedback.dlq  │
 *                                      └─► good ── key by request id ─┴─► join-prediction-feedback
 *                                  (repartitioned unless already on its join partition)
 *        ├─► &lt;task&gt;.scored     one record per model output
 *        ├─► &lt;task&gt;.orphans    duplicate / unknown / expired feedback
 *        └─► scored + expired ── folded per series and bucket ── by task/family/version/alias ── hopping windows ──► metrics.rolling
 * </pre>
 */
public final class FeedbackJoinTopology {
    /** The DLQ header value naming this stage. */
    public static final String STAGE = "joiner";
    static final String PREDICTIONS_STORE = "joiner-predictions";
    static final String HELD_FEEDBACK_STORE = "joiner-held-feedback";
    static final String EXPIRY_INDEX_STORE = "joiner-expiry-index";
    static final String ROLLING_STORE = "joiner-rolling-windows";

    private static final Serde<GroundTruth> GROUND_TRUTH = new JsonSerde<>(GroundTruth.class);
    private static final Serde<RollingAggregate> ROLLING_AGGREGATE = new RollingAggregateSerde();

    private FeedbackJoinTopology() {
    }

    public static void build(StreamsBuilder builder, JoinerConfig config) {
        TaskProfile profile = TaskProfile.of(config.task());
        TaskTopics topics = Topics.of(config.task());
        addJoinStores(builder);
        KStream<String, JoinInput> predictions = predictions(builder, topics, config.task());
        KStream<String, JoinInput> feedback = validFeedback(builder, topics, profile);
        KStream<String, JoinOutcome> outcomes = predictions
                .merge(feedback, Named.as("merge-predictions-feedback"))
                .process(() -> new FeedbackJoinProcessor(config, profile), Named.as("join-prediction-feedback"),
                        PREDICTIONS_STORE, HELD_FEEDBACK_STORE, EXPIRY_INDEX_STORE);
        writeScoredAndOrphans(outcomes, topics);
        rollingMetrics(builder, outcomes, config, profile);
    }

    /**
     * Not cached, on purpose: the thread's record cache (statestore.cache.max.bytes) is shared by every store,
     * and a cache over the join stores (one entry per request) evicts the few rolling windows' entries, so each
     * scored output became a metrics.rolling record (measured: 2.1 per request instead of ~0, and 35% slower).
     * Held feedback now shares the predictions store's entry per id; its own store stays only so that feedback
     * an earlier joiner held there is restored and moved over (FeedbackJoinProcessor).
     */
    private static void addJoinStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PREDICTIONS_STORE),
                Serdes.String(), new PendingPredictionSerde()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HELD_FEEDBACK_STORE),
                Serdes.String(), new JsonSerde<>(HeldFeedback.class)).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EXPIRY_INDEX_STORE),
                Serdes.String(), Serdes.String()).withCachingDisabled());
    }

    /**
     * Predictions are read as raw bytes, key included, like feedback: any Kafka client can write the topic,
     * and one record that did not deserialize used to be dropped uncounted. Bad ones go to
     * {@code <task>.predictions.dlq} with their original key and bytes and the reason.
     *
     * <p>Replays are a retry answered with the original prediction, not a new one: they would double-score.
     * Drafts (digits' live guess while the person is still drawing) are answered but never scored: no
     * feedback will ever name one, so they are dropped before the join, neither stored, nor expired (which
     * would count against coverage), nor counted in any metric. A draft may share its request id with the
     * final prediction; dropping it here also keeps it from taking that id's one slot in the store.
     */
    private static KStream<String, JoinInput> predictions(StreamsBuilder builder, TaskTopics topics, Task task) {
        Topic<String, PredictionRecord> t = topics.predictions();
        KStream<byte[], PredictionRecord> valid = validated(builder, t.name(), "predictions",
                InputReaders.predictions(task), t.dlq());
        return valid
                .map((key, p) -> KeyValue.pair(p.requestId(), p), Named.as("key-prediction-by-request-id"))
                .filter((id, p) -> !p.replay(), Named.as("drop-replayed-predictions"))
                .filter((id, p) -> !p.draft(), Named.as("drop-draft-predictions"))
                .mapValues(p -> (JoinInput) new JoinInput.Prediction(p), Named.as("prediction-as-join-input"));
    }

    /**
     * Feedback is read as raw bytes, key included, because any Kafka client writes it and the DLQ must get
     * back exactly what was sent. Good feedback is re-keyed by request id; the join processor's state needs it
     * on the partition its prediction is on, so what is elsewhere is repartitioned to as many partitions as the
     * predictions topic, and what already is there (the gateway keys feedback by request id) is joined where
     * it is, saving a repartition round trip per record ({@link FeedbackPlacement}).
     */
    private static KStream<String, JoinInput> validFeedback(StreamsBuilder builder, TaskTopics topics, TaskProfile profile) {
        int joinPartitions = topics.predictions().partitions();
        KStream<byte[], GroundTruth> valid = validated(builder, topics.feedback().name(), "feedback",
                InputReaders.feedback(profile), topics.feedback().dlq());
        Map<String, KStream<byte[], FeedbackPlacement.Placed>> placed = valid
                .processValues(() -> new FeedbackPlacement(joinPartitions), Named.as("place-feedback"))
                .split(Named.as("placed-feedback-"))
                .branch((key, p) -> p.home(), Branched.as("on-join-partition"))
                .defaultBranch(Branched.as("elsewhere"));
        KStream<String, GroundTruth> home = placed.get("placed-feedback-on-join-partition")
                .map((key, p) -> KeyValue.pair(p.truth().requestId(), p.truth()), Named.as("key-home-feedback-by-request-id"));
        KStream<String, GroundTruth> moved = placed.get("placed-feedback-elsewhere")
                .map((key, p) -> KeyValue.pair(p.truth().requestId(), p.truth()), Named.as("key-feedback-by-request-id"))
                .repartition(Repartitioned.with(Serdes.String(), GROUND_TRUTH)
                        .withName("feedback-by-request-id")
                        .withNumberOfPartitions(joinPartitions));
        return home.merge(moved, Named.as("merge-home-and-repartitioned-feedback"))
                .mapValues(truth -> (JoinInput) new JoinInput.Feedback(truth), Named.as("feedback-as-join-input"));
    }

    /** Reads a raw input topic, sends what the reader refuses to its DLQ and returns what it accepts. */
    private static <T> KStream<byte[], T> validated(StreamsBuilder builder, String topic, String name,
                                                    ValidateRecordProcessor.Reader<T> reader, Topic<byte[], byte[]> dlq) {
        Map<String, KStream<byte[], Checked<T>>> branches = builder
                .stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .processValues(() -> new ValidateRecordProcessor<>(reader, topic), Named.as("validate-" + name))
                .split(Named.as(name + "-"))
                .branch((key, checked) -> !checked.isValid(), Branched.withConsumer(bad -> bad
                        .map((key, checked) -> KeyValue.pair(checked.originalKey(), checked.original()),
                                Named.as(name + "-original-bytes"))
                        .to(dlq.name(), Produced.with(dlq.keySerde(), dlq.valueSerde()).withName(name + "-dlq-sink")),
                        "invalid"))
                .defaultBranch(Branched.as("valid"));
        return branches.get(name + "-valid").mapValues(Checked::value, Named.as(name + "-valid-value"));
    }

    private static void writeScoredAndOrphans(KStream<String, JoinOutcome> outcomes, TaskTopics topics) {
        Topic<String, ScoredRecord> scored = topics.scored();
        Topic<String, Orphan> orphans = topics.orphans();
        outcomes.split(Named.as("outcome-"))
                .branch((id, o) -> o instanceof JoinOutcome.Scored, Branched.withConsumer(s -> s
                        .mapValues(o -> ((JoinOutcome.Scored) o).record(), Named.as("scored-record"))
                        .to(scored.name(), Produced.with(scored.keySerde(), scored.valueSerde()).withName("scored-sink")),
                        "scored"))
                .branch((id, o) -> o instanceof JoinOutcome.Orphaned, Branched.withConsumer(s -> s
                        .mapValues(o -> ((JoinOutcome.Orphaned) o).orphan(), Named.as("orphan-record"))
                        .to(orphans.name(), Produced.with(orphans.keySerde(), orphans.valueSerde()).withName("orphans-sink")),
                        "orphaned"))
                .noDefaultBranch();
    }

    /**
     * Scored and expired outputs feed one windowed aggregate per task/family/version/alias, so coverage sees
     * both. They are folded per series and time bucket first ({@link RollingPartials}), so the repartition
     * carries a few partials per flush instead of one record per output. No suppress: every update is emitted
     * (one per commit with caching), freshness beats finality.
     */
    private static void rollingMetrics(StreamsBuilder builder, KStream<String, JoinOutcome> outcomes, JoinerConfig config,
                                       TaskProfile profile) {
        RollingMetricsAggregator aggregator = new RollingMetricsAggregator(profile);
        Topic<String, RollingMetrics> sink = Topics.METRICS_ROLLING;
        // Cached on purpose: the changelog then gets one record per partial and commit, not one per outcome.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RollingPartials.STORE),
                Serdes.String(), new RollingPartialSerde()).withCachingEnabled());
        outcomes
                .filter((id, o) -> o instanceof JoinOutcome.Scored || o instanceof JoinOutcome.Expired,
                        Named.as("scored-or-expired"))
                .process(() -> new RollingPartials(aggregator, config), Named.as("pre-aggregate-rolling-metrics"),
                        RollingPartials.STORE)
                // The topic keeps its name across the change: records an earlier joiner left on it still count.
                .groupByKey(Grouped.with("outcomes-by-series", Serdes.String(), new SeriesPartialSerde(aggregator)))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.windowSize(), config.grace()).advanceBy(config.windowAdvance()))
                .aggregate(aggregator::empty, (series, partial, agg) -> agg.merge(partial),
                        Named.as("aggregate-rolling-metrics"),
                        Materialized.<String, RollingAggregate, WindowStore<Bytes, byte[]>>as(ROLLING_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(ROLLING_AGGREGATE))
                .toStream(Named.as("rolling-metrics-updates"))
                .filter((window, agg) -> agg != null, Named.as("drop-window-tombstones"))
                .map((window, agg) -> {
                    RollingMetrics m = aggregator.toMetrics(agg, window.window().start(), window.window().end());
                    return KeyValue.pair(RollingMetrics.key(m.task(), m.family(), m.version(), m.alias(), m.windowStart()), m);
                }, Named.as("rolling-metrics-by-window"))
                .to(sink.name(), Produced.with(sink.keySerde(), sink.valueSerde()).withName("rolling-metrics-sink"));
    }
}
