package io.hindsight.drift;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.compact.CompactPredictions;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.drift.PerformanceEstimate;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The drift monitor's topology for one task, a pure builder:
 * <pre>
 *   model-aliases, models ──► global stores (Production model of the task and its reference)
 *   &lt;task&gt;.requests (bytes) ── schema-validate, extract features, bin on the Production reference ──►
 *       one record of every feature's bin, by task/version ── windows (5 min) ── at window close ──► PSI, KS ──► drift
 *   &lt;task&gt;.predictions (classifiers) ── calibrated top-class probability per output ── by task/family/version/alias ──►
 *       joiner's windows ── at window close ──► CBPE estimate ── left join metrics.rolling ──► metrics.estimated
 *   model-artifacts (dle-nanny records) ──► global store (regressors' nanny models)
 *   calories.requests ⋈ calories.predictions (by request id) ── first join per request id ── nanny's squared log error per output ──►
 *       by task/family/version/alias ── joiner's windows ── at window close ──► DLE RMSLE ── left join ──► metrics.estimated
 * </pre>
 * Reports and estimates are emitted once per window, after it closes (window end + grace in stream time).
 * Every input is read as bytes and checked here: a record that breaks its contract is counted by
 * {@link DriftMeters} (requests.skipped, records.skipped) and dropped, never fatal.
 */
public final class DriftTopology {
    /**
     * Named anew when the records became one per request (was drift-feature-windows, one per feature): the old
     * store's values do not read as the new ones. Its internal topics are left behind on an upgraded cluster.
     */
    static final String FEATURE_WINDOWS_STORE = "drift-request-bin-windows";
    static final String CONFIDENCE_WINDOWS_STORE = "drift-confidence-windows";
    static final String ESTIMATES_STORE = "drift-estimates";
    static final String REALISED_STORE = "drift-realised";
    static final String JOINED_STORE = "drift-estimates-with-realised";
    static final String LOSS_WINDOWS_STORE = "drift-loss-windows";
    static final String DLE_JOIN_STORE = "drift-dle-requests-predictions";
    /** Request ids that have joined their prediction for DLE, so a retried request id counts once. */
    static final String DLE_FIRST_IDS_STORE = "drift-dle-first-request-ids";
    /** How far apart a request and its prediction may be (event time) and still be joined for DLE. */
    static final Duration DLE_JOIN_WINDOW = Duration.ofMinutes(1);
    static final Duration DLE_JOIN_GRACE = Duration.ofMinutes(1);
    /**
     * How far apart (event time) two joins of one request id may be and count once: a join's timestamp is the later
     * of its request's and prediction's, so every join of one prediction lies within the join window of the first,
     * and a request joining two predictions (written twice) within twice that; the grace covers late arrivals.
     */
    static final Duration DLE_DEDUP_WINDOW = DLE_JOIN_WINDOW.multipliedBy(2).plus(DLE_JOIN_GRACE);

    private static final Serde<SeriesValue> SERIES_VALUE = DriftSerdes.SERIES_VALUE;

    private DriftTopology() {
    }

    /** With meters that nobody reads (tests that only look at topics). */
    public static void build(StreamsBuilder builder, DriftConfig config) {
        build(builder, config, new DriftMeters(new SimpleMeterRegistry(), config.task()));
    }

    public static void build(StreamsBuilder builder, DriftConfig config, DriftMeters meters) {
        AtomicLong registryChanges = new AtomicLong();
        RegistryStores.add(builder, meters, registryChanges);
        TaskTopics topics = Topics.of(config.task());
        // one source for the requests topic: feature drift and (regressors) DLE both read it
        KStream<byte[], byte[]> requests = builder.stream(topics.requests().name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("requests-source"));
        if (config.classifier()) {
            Task task = config.task();
            featureDrift(requests, bytes -> DriftFeatures.fromRequest(task, bytes), config, meters, registryChanges);
            confidenceBasedEstimates(builder, config, meters, registryChanges);
        } else {
            // calories: each request is read against its schema once, for its drift features and for DLE
            KStream<byte[], Parsed<CaloriesRecord>> parsed = requests.mapValues(CaloriesWire.REQUEST::read, Named.as("read-requests"));
            featureDrift(parsed, p -> p.isOk() ? Parsed.ok(DriftFeatures.calories(p.value())) : Parsed.failed(p.errors()),
                    config, meters, registryChanges);
            RegistryStores.addNannies(builder, meters);
            directLossEstimates(builder, parsed, config, meters, registryChanges);
        }
    }

    private static <V> void featureDrift(KStream<byte[], V> requests, Function<V, Parsed<double[]>> features, DriftConfig config,
                                         DriftMeters meters, AtomicLong registryChanges) {
        Topic<String, DriftReport> drift = Topics.DRIFT;
        requests.process(() -> new BinRequestProcessor<>(config.task(), features, meters, new RegistryView(registryChanges)),
                        Named.as("bin-request-features"))
                .groupByKey(Grouped.with("request-bins-by-version", Serdes.String(), DriftSerdes.REQUEST_BINS))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.windowSize(), config.grace()).advanceBy(config.windowAdvance()))
                .aggregate(FeatureWindowCounts::empty, (key, bins, counts) -> counts.plus(bins),
                        Named.as("count-request-bins"),
                        Materialized.<String, FeatureWindowCounts, WindowStore<Bytes, byte[]>>as(FEATURE_WINDOWS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(DriftSerdes.FEATURE_COUNTS))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("request-bin-window-close"))
                .toStream(Named.as("closed-feature-windows"))
                .process(() -> new ReportProcessor(config, meters), Named.as("psi-ks-report"))
                .to(drift.name(), Produced.with(drift.keySerde(), drift.valueSerde()).withName("drift-sink"));
    }

    /**
     * CBPE: a calibrated classifier's expected accuracy is the mean probability of the class it picked. Every
     * output with class probabilities counts (served and shadows), replays and drafts excepted as in the joiner;
     * each top-class probability goes through its model version's calibration when it has one.
     * Estimates are keyed and windowed as metrics.rolling, so the realised figure joins by key.
     */
    private static void confidenceBasedEstimates(StreamsBuilder builder, DriftConfig config, DriftMeters meters,
                                                 AtomicLong registryChanges) {
        Task task = config.task();
        KStream<String, PerformanceEstimate> estimates = checkedPredictions(builder, task, meters)
                .filter((id, p) -> p != null && !p.replay() && !p.draft(), Named.as("drop-replays-and-drafts"))
                .process(() -> new CalibratedConfidenceProcessor(task.id(), new RegistryView(registryChanges)), Named.as("calibrated-top-probabilities"))
                .groupByKey(Grouped.with("calibrated-outputs-by-series", Serdes.String(), SERIES_VALUE))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.estimateWindowSize(), config.estimateGrace())
                        .advanceBy(config.estimateWindowAdvance()))
                .aggregate(ConfidenceSum::empty, (series, value, sum) -> sum.plus(value), Named.as("sum-top-probabilities"),
                        Materialized.<String, ConfidenceSum, WindowStore<Bytes, byte[]>>as(CONFIDENCE_WINDOWS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(DriftSerdes.CONFIDENCE_SUM))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("confidence-window-close"))
                .toStream(Named.as("closed-confidence-windows"))
                .filter((w, sum) -> sum != null && sum.outputs() > 0, Named.as("drop-empty-confidence"))
                .map((w, sum) -> {
                    PerformanceEstimate e = new PerformanceEstimate(task.id(), sum.family(), sum.version(), sum.alias(),
                            w.window().start(), w.window().end(), PerformanceEstimate.CBPE, PerformanceEstimate.ACCURACY,
                            sum.outputs(), sum.estimatedAccuracy(), null, null);
                    return KeyValue.pair(RollingMetrics.key(task.id(), sum.family(), sum.version(), sum.alias(), w.window().start()), e);
                }, Named.as("estimate-by-rolling-key"));
        withRealised(builder, estimates, config, meters, RollingMetrics::accuracy);
    }

    /**
     * DLE (regressors: calories): each prediction is joined with its request (same request id, within
     * {@link #DLE_JOIN_WINDOW}), every output whose model version has a nanny gets the squared log error the nanny
     * expects, and a window's estimated RMSLE is sqrt(mean of them). Windows, keys and the realised join as CBPE.
     */
    private static void directLossEstimates(StreamsBuilder builder, KStream<byte[], Parsed<CaloriesRecord>> requests,
                                            DriftConfig config, DriftMeters meters, AtomicLong registryChanges) {
        Task task = config.task();
        TaskTopics topics = Topics.of(task);
        KStream<String, CaloriesRecord> requestsById = requests.flatMap((key, parsed) -> {
            if (!parsed.isOk() || parsed.value().id() == null) {
                return List.<KeyValue<String, CaloriesRecord>>of(); // counted by the drift branch
            }
            // the predictor keys its prediction by the body's id, whatever the request's key
            return List.of(KeyValue.pair(parsed.value().id(), parsed.value()));
        }, Named.as("requests-by-id"));
        KStream<String, PredictionRecord> served = checkedPredictions(builder, task, meters)
                .filter((id, p) -> p != null && id != null && !p.replay() && !p.draft(), Named.as("drop-replays-and-drafts"));
        builder.addStateStore(FirstPerKeyProcessor.store(DLE_FIRST_IDS_STORE, DLE_DEDUP_WINDOW));
        String requestsTopic = topics.requests().name();

        KStream<String, PerformanceEstimate> estimates = requestsById
                .join(served, DleInput::new, JoinWindows.ofTimeDifferenceAndGrace(DLE_JOIN_WINDOW, DLE_JOIN_GRACE),
                        StreamJoined.with(Serdes.String(), DriftSerdes.CALORIES_REQUEST, CompactPredictions.SERDE)
                                .withName("request-with-prediction").withStoreName(DLE_JOIN_STORE))
                // a request id sent twice (a client's retry: the gateway answers it as a replay, but both requests are
                // on the topic) joins the one prediction twice; the first join counts
                .processValues(() -> new FirstPerKeyProcessor<DleInput>(DLE_FIRST_IDS_STORE, DLE_DEDUP_WINDOW,
                        () -> meters.recordSkipped(requestsTopic, DriftMeters.DUPLICATE_ID)), Named.as("first-join-per-request-id"),
                        DLE_FIRST_IDS_STORE)
                .process(() -> new DleLossProcessor(task.id(), meters, new RegistryView(registryChanges)), Named.as("nanny-losses"))
                .groupByKey(Grouped.with("losses-by-series", Serdes.String(), SERIES_VALUE))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.estimateWindowSize(), config.estimateGrace())
                        .advanceBy(config.estimateWindowAdvance()))
                .aggregate(LossSum::empty, (series, value, sum) -> sum.plus(value), Named.as("sum-estimated-losses"),
                        Materialized.<String, LossSum, WindowStore<Bytes, byte[]>>as(LOSS_WINDOWS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(DriftSerdes.LOSS_SUM))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("loss-window-close"))
                .toStream(Named.as("closed-loss-windows"))
                .filter((w, sum) -> sum != null && sum.outputs() > 0, Named.as("drop-empty-losses"))
                .map((w, sum) -> {
                    PerformanceEstimate e = new PerformanceEstimate(task.id(), sum.family(), sum.version(), sum.alias(),
                            w.window().start(), w.window().end(), PerformanceEstimate.DLE, PerformanceEstimate.RMSLE,
                            sum.outputs(), sum.estimatedRmsle(), null, null);
                    return KeyValue.pair(RollingMetrics.key(task.id(), sum.family(), sum.version(), sum.alias(), w.window().start()), e);
                }, Named.as("estimate-by-rolling-key"));
        withRealised(builder, estimates, config, meters, RollingMetrics::rmsle);
    }

    /** {@code <task>.predictions}, read as bytes: only records that keep the contract ({@link DriftInputs#prediction}). */
    private static KStream<String, PredictionRecord> checkedPredictions(StreamsBuilder builder, Task task, DriftMeters meters) {
        Topic<String, PredictionRecord> predictions = Topics.of(task).predictions();
        return builder
                .stream(predictions.name(), Consumed.with(predictions.keySerde(), Serdes.ByteArray()).withName("predictions-source"))
                .flatMapValues((key, bytes) -> DriftInputs.prediction(task, key, bytes).countedIn(meters, predictions.name()),
                        Named.as("check-predictions"));
    }

    /**
     * Estimates keyed as metrics.rolling ── table ── left join the task's metrics.rolling ──► metrics.estimated,
     * re-emitted with the realised figure ({@code realised} of the joiner's window) whenever it arrives or changes.
     */
    private static void withRealised(StreamsBuilder builder, KStream<String, PerformanceEstimate> estimates, DriftConfig config,
                                     DriftMeters meters, ToDoubleFunction<RollingMetrics> realisedMetric) {
        Task task = config.task();
        Topic<String, RollingMetrics> rolling = Topics.METRICS_ROLLING;
        Topic<String, PerformanceEstimate> sink = Topics.METRICS_ESTIMATED;
        Serde<PerformanceEstimate> estimateSerde = sink.valueSerde();

        KTable<String, PerformanceEstimate> table = estimates
                // metrics.rolling's partition count: a table-table join needs both sides co-partitioned
                .repartition(Repartitioned.with(Serdes.String(), estimateSerde).withName("estimates-by-rolling-key")
                        .withNumberOfPartitions(rolling.partitions()))
                .toTable(Named.as("estimates-table"), Materialized.<String, PerformanceEstimate, KeyValueStore<Bytes, byte[]>>as(ESTIMATES_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(estimateSerde));

        KTable<String, RollingMetrics> realised = builder
                .stream(rolling.name(), Consumed.with(rolling.keySerde(), Serdes.ByteArray()).withName("rolling-source"))
                .flatMapValues((key, bytes) -> DriftInputs.rolling(key, bytes).countedIn(meters, rolling.name()),
                        Named.as("check-rolling"))
                .filter((k, m) -> m != null && task.id().equals(m.task()), Named.as("rolling-of-task"))
                .toTable(Named.as("realised-table"), Materialized.<String, RollingMetrics, KeyValueStore<Bytes, byte[]>>as(REALISED_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(rolling.valueSerde()));

        table.leftJoin(realised, (e, r) -> r == null || r.matched() == 0 ? e : e.withRealised(realisedMetric.applyAsDouble(r), r.matched()),
                        Named.as("estimate-with-realised"),
                        Materialized.<String, PerformanceEstimate, KeyValueStore<Bytes, byte[]>>as(JOINED_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(estimateSerde))
                .toStream(Named.as("estimates-with-realised"))
                .filter((k, e) -> e != null, Named.as("drop-estimate-tombstones"))
                .peek((k, e) -> meters.estimate(e), Named.as("estimate-meters"))
                .to(sink.name(), Produced.with(sink.keySerde(), sink.valueSerde()).withName("estimates-sink"));
    }
}
