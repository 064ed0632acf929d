package io.hindsight.drift;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.drift.PerformanceEstimate;
import io.hindsight.contracts.json.JsonSerde;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The drift monitor's topology for one task, a pure builder:
 * <pre>
 *   model-aliases, models ──► global stores (Production model of the task and its reference)
 *   &lt;task&gt;.requests (bytes) ── schema-validate, extract features, bin on the Production reference ──►
 *       by task/feature/version ── windows (5 min) ── at window close ──► PSI, KS ──► drift
 *   &lt;task&gt;.predictions (classifiers) ── top-class probability per output ── by task/family/version/alias ──►
 *       joiner's windows ── at window close ──► CBPE estimate ── left join metrics.rolling ──► metrics.estimated
 * </pre>
 * Reports and estimates are emitted once per window, after it closes (window end + grace in stream time).
 */
public final class DriftTopology {
    static final String FEATURE_WINDOWS_STORE = "drift-feature-windows";
    static final String CONFIDENCE_WINDOWS_STORE = "drift-confidence-windows";
    static final String ESTIMATES_STORE = "drift-estimates";
    static final String REALISED_STORE = "drift-realised";
    static final String JOINED_STORE = "drift-estimates-with-realised";

    private static final Serde<FeatureObservation> OBSERVATION = new JsonSerde<>(FeatureObservation.class);
    private static final Serde<FeatureCounts> COUNTS = new JsonSerde<>(FeatureCounts.class);
    private static final Serde<ModelOutput> OUTPUT = new JsonSerde<>(ModelOutput.class);
    private static final Serde<ConfidenceSum> CONFIDENCE = new JsonSerde<>(ConfidenceSum.class);

    private DriftTopology() {
    }

    /** With meters that nobody reads (tests that only look at topics). */
    public static void build(StreamsBuilder builder, DriftConfig config) {
        build(builder, config, new DriftMeters(new SimpleMeterRegistry(), config.task()));
    }

    public static void build(StreamsBuilder builder, DriftConfig config, DriftMeters meters) {
        RegistryStores.add(builder);
        featureDrift(builder, config, meters);
        if (config.classifier()) {
            confidenceBasedEstimates(builder, config, meters);
        }
    }

    private static void featureDrift(StreamsBuilder builder, DriftConfig config, DriftMeters meters) {
        TaskTopics topics = Topics.of(config.task());
        Topic<String, DriftReport> drift = Topics.DRIFT;
        builder.stream(topics.requests().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("requests-source"))
                .process(() -> new BinRequestProcessor(config.task(), meters), Named.as("bin-request-features"))
                .groupByKey(Grouped.with("observations-by-feature", Serdes.String(), OBSERVATION))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.windowSize(), config.grace()).advanceBy(config.windowAdvance()))
                .aggregate(FeatureCounts::empty, (key, observation, counts) -> counts.plus(observation),
                        Named.as("count-feature-bins"),
                        Materialized.<String, FeatureCounts, WindowStore<Bytes, byte[]>>as(FEATURE_WINDOWS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(COUNTS))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("feature-window-close"))
                .toStream(Named.as("closed-feature-windows"))
                .process(() -> new ReportProcessor(config, meters), Named.as("psi-ks-report"))
                .to(drift.name(), Produced.with(drift.keySerde(), drift.valueSerde()).withName("drift-sink"));
    }

    /**
     * CBPE: a calibrated classifier's expected accuracy is the mean probability of the class it picked. Every
     * output with class probabilities counts (served and shadows), replays and drafts excepted as in the joiner.
     * Estimates are keyed and windowed as metrics.rolling, so the realised figure joins by key.
     */
    private static void confidenceBasedEstimates(StreamsBuilder builder, DriftConfig config, DriftMeters meters) {
        Task task = config.task();
        Topic<String, PredictionRecord> predictions = Topics.of(task).predictions();
        Topic<String, RollingMetrics> rolling = Topics.METRICS_ROLLING;
        Topic<String, PerformanceEstimate> sink = Topics.METRICS_ESTIMATED;
        Serde<PerformanceEstimate> estimateSerde = sink.valueSerde();

        KTable<String, PerformanceEstimate> estimates = builder
                .stream(predictions.name(), Consumed.with(predictions.keySerde(), predictions.valueSerde()).withName("predictions-source"))
                .filter((id, p) -> p != null && !p.replay() && !p.draft(), Named.as("drop-replays-and-drafts"))
                .flatMap((id, p) -> {
                    List<KeyValue<String, ModelOutput>> out = new ArrayList<>();
                    List<ModelOutput> all = new ArrayList<>();
                    all.add(p.served());
                    all.addAll(p.shadows());
                    for (ModelOutput o : all) {
                        if (o != null && !o.scores().isEmpty()) {
                            out.add(KeyValue.pair(task.id() + "/" + o.family() + "/" + o.version() + "/" + o.alias(), o));
                        }
                    }
                    return out;
                }, Named.as("outputs-by-series"))
                .groupByKey(Grouped.with("outputs-by-series", Serdes.String(), OUTPUT))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.estimateWindowSize(), config.estimateGrace())
                        .advanceBy(config.estimateWindowAdvance()))
                .aggregate(ConfidenceSum::empty, (series, output, sum) -> sum.plus(output), Named.as("sum-top-probabilities"),
                        Materialized.<String, ConfidenceSum, WindowStore<Bytes, byte[]>>as(CONFIDENCE_WINDOWS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(CONFIDENCE))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("confidence-window-close"))
                .toStream(Named.as("closed-confidence-windows"))
                .filter((w, sum) -> sum != null && sum.outputs() > 0, Named.as("drop-empty-confidence"))
                .map((w, sum) -> {
                    PerformanceEstimate e = new PerformanceEstimate(task.id(), sum.family(), sum.version(), sum.alias(),
                            w.window().start(), w.window().end(), PerformanceEstimate.CBPE, PerformanceEstimate.ACCURACY,
                            sum.outputs(), sum.estimatedAccuracy(), null, null);
                    return KeyValue.pair(RollingMetrics.key(task.id(), sum.family(), sum.version(), sum.alias(), w.window().start()), e);
                }, Named.as("estimate-by-rolling-key"))
                // metrics.rolling's partition count: a table-table join needs both sides co-partitioned
                .repartition(Repartitioned.with(Serdes.String(), estimateSerde).withName("estimates-by-rolling-key")
                        .withNumberOfPartitions(rolling.partitions()))
                .toTable(Named.as("estimates-table"), Materialized.<String, PerformanceEstimate, KeyValueStore<Bytes, byte[]>>as(ESTIMATES_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(estimateSerde));

        KTable<String, RollingMetrics> realised = builder
                .stream(rolling.name(), Consumed.with(rolling.keySerde(), rolling.valueSerde()).withName("rolling-source"))
                .filter((k, m) -> m != null && task.id().equals(m.task()), Named.as("rolling-of-task"))
                .toTable(Named.as("realised-table"), Materialized.<String, RollingMetrics, KeyValueStore<Bytes, byte[]>>as(REALISED_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(rolling.valueSerde()));

        estimates.leftJoin(realised, (e, r) -> r == null || r.matched() == 0 ? e : e.withRealised(r.accuracy(), r.matched()),
                        Named.as("estimate-with-realised"),
                        Materialized.<String, PerformanceEstimate, KeyValueStore<Bytes, byte[]>>as(JOINED_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(estimateSerde))
                .toStream(Named.as("estimates-with-realised"))
                .filter((k, e) -> e != null, Named.as("drop-estimate-tombstones"))
                .peek((k, e) -> meters.estimate(e), Named.as("estimate-meters"))
                .to(sink.name(), Produced.with(sink.keySerde(), sink.valueSerde()).withName("estimates-sink"));
    }
}
