package io.hindsight.drift;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.drift.PerformanceEstimate;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The drift monitor's meters; Prometheus names in brackets.
 * <ul>
 *   <li>{@code hindsight.drift.psi} / {@code .ks} / {@code .ks.pvalue} {task, feature} gauges
 *       [hindsight_drift_psi, hindsight_drift_ks, hindsight_drift_ks_pvalue]: the latest closed window's
 *       PSI, KS D and KS p-value (NaN before the first);</li>
 *   <li>{@code hindsight.drift.windows} {task, feature, drifted="true"|"false"} counter
 *       [hindsight_drift_windows_total]: closed windows reported, drifted or not;</li>
 *   <li>{@code hindsight.drift.requests.skipped} {task, reason="invalid"|"no-reference"|"draft"} counter
 *       [hindsight_drift_requests_skipped_total];</li>
 *   <li>{@code hindsight.drift.records.skipped} {task, topic, reason="invalid"|"key-mismatch"|"wrong-task"|"tombstone"
 *       |"duplicate-id"} counter [hindsight_drift_records_skipped_total]: records of the other inputs (predictions,
 *       metrics.rolling, models, model-aliases, model-artifacts) that break their contract and were not used, and
 *       calories requests whose id had already joined its prediction (a client's retry);</li>
 *   <li>{@code hindsight.estimated.accuracy} {task, family, version, alias} gauge: the latest window's CBPE
 *       estimate; {@code hindsight.estimated.realised.accuracy} the realised accuracy of that window once joined;</li>
 *   <li>{@code hindsight.estimated.rmsle} / {@code hindsight.estimated.realised.rmsle} {task, family, version,
 *       alias}: the same for DLE (calories);</li>
 *   <li>{@code hindsight.estimated.skipped} {task, reason="no-nanny"|"nanny-failed"} counter
 *       [hindsight_estimated_skipped_total]: model outputs DLE could not estimate.</li>
 * </ul>
 * Fed from inside the topology, so a counter may count a window twice if a transaction aborts and is
 * retried (gauges are unaffected); the {@code drift} topic itself is exactly-once.
 */
public final class DriftMeters implements AutoCloseable {
    static final String INVALID = "invalid";
    static final String NO_REFERENCE = "no-reference";
    static final String DRAFT = "draft";
    /** DLE skip reasons: the output's model version names no nanny (or its bytes are not there), or it failed. */
    static final String NO_NANNY = "no-nanny";
    static final String NANNY_FAILED = "nanny-failed";
    /** records.skipped reasons: not the topic's JSON Schema (or not JSON), key not the body's, another task's, a tombstone where none belongs. */
    static final String KEY_MISMATCH = "key-mismatch";
    static final String WRONG_TASK = "wrong-task";
    static final String TOMBSTONE = "tombstone";
    /** records.skipped reason: a calories request id that already joined its prediction (DLE counts it once). */
    static final String DUPLICATE_ID = "duplicate-id";

    private final MeterRegistry registry;
    private final String task;
    private final Map<String, DriftReport> latest = new ConcurrentHashMap<>();
    private final Map<String, PerformanceEstimate> latestEstimate = new ConcurrentHashMap<>();
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();
    private final Map<String, Counter> windows = new ConcurrentHashMap<>();
    private final Map<String, Counter> estimateSkipped = new ConcurrentHashMap<>();
    private final Map<String, Counter> recordsSkipped = new ConcurrentHashMap<>();
    private final java.util.Set<String> features = ConcurrentHashMap.newKeySet();
    private final List<Meter> registered = new ArrayList<>();

    public DriftMeters(MeterRegistry registry, Task task) {
        this.registry = registry;
        this.task = task.id();
        for (String reason : List.of(INVALID, NO_REFERENCE, DRAFT)) {
            skipped(reason, 0);
        }
        for (String feature : DriftFeatures.names(task)) {
            registerFeature(feature);
        }
        List<String> inputs = new ArrayList<>(List.of(Topics.of(task).predictions().name(), Topics.METRICS_ROLLING.name(),
                Topics.MODELS.name(), Topics.MODEL_ALIASES.name()));
        if (task == Task.CALORIES) {
            inputs.add(Topics.MODEL_ARTIFACTS.name());
        }
        for (String topic : inputs) {
            recordsSkipped(topic, INVALID, 0);
        }
        if (task == Task.CALORIES) {
            recordsSkipped(Topics.of(task).requests().name(), DUPLICATE_ID, 0);
            for (String reason : List.of(NO_NANNY, NANNY_FAILED)) {
                estimateSkipped.computeIfAbsent(reason, r -> remember(Counter.builder("hindsight.estimated.skipped")
                        .description("model outputs the performance estimator could not estimate, by reason")
                        .tag("task", this.task).tag("reason", r).register(registry)));
            }
        }
    }

    void skipped(String reason) {
        skipped(reason, 1);
    }

    private void skipped(String reason, int n) {
        skipped.computeIfAbsent(reason, r -> remember(Counter.builder("hindsight.drift.requests.skipped")
                .description("requests the drift monitor did not bin, by reason")
                .tag("task", task).tag("reason", r).register(registry))).increment(n);
    }

    /** A record of {@code topic} that was not used, for {@code reason}. */
    void recordSkipped(String topic, String reason) {
        recordsSkipped(topic, reason, 1);
    }

    private void recordsSkipped(String topic, String reason, int n) {
        recordsSkipped.computeIfAbsent(topic + "/" + reason, k -> remember(Counter.builder("hindsight.drift.records.skipped")
                .description("input records the drift monitor did not use, by topic and reason")
                .tag("task", task).tag("topic", topic).tag("reason", reason).register(registry))).increment(n);
    }

    void report(DriftReport r) {
        latest.merge(r.feature(), r, (old, now) -> now.windowStart() >= old.windowStart() ? now : old);
        registerFeature(r.feature());
        windows.computeIfAbsent(r.feature() + "/" + r.drifted(), k -> remember(Counter.builder("hindsight.drift.windows")
                .description("closed drift windows reported per feature, by whether they drifted")
                .tag("task", task).tag("feature", r.feature()).tag("drifted", Boolean.toString(r.drifted()))
                .register(registry))).increment();
    }

    void estimateSkipped(String reason) {
        estimateSkipped.computeIfAbsent(reason, r -> remember(Counter.builder("hindsight.estimated.skipped")
                .description("model outputs the performance estimator could not estimate, by reason")
                .tag("task", task).tag("reason", r).register(registry))).increment();
    }

    void estimate(PerformanceEstimate e) {
        String series = e.metric() + "/" + e.family() + "/" + e.version() + "/" + e.alias();
        PerformanceEstimate before = latestEstimate.get(series);
        if (before == null) {
            Tags tags = Tags.of("task", task, "family", e.family(), "version", e.version(), "alias", e.alias());
            gauge("hindsight.estimated." + e.metric(), e.method() + " " + e.metric() + " estimate of the latest closed window",
                    tags, series, latestEstimate, PerformanceEstimate::estimated);
            gauge("hindsight.estimated.realised." + e.metric(), "realised " + e.metric()
                    + " of the window the estimate gauge shows", tags, series, latestEstimate,
                    x -> x.realised() == null ? Double.NaN : x.realised());
        }
        latestEstimate.merge(series, e, (old, now) -> now.windowStart() >= old.windowStart() ? now : old);
    }

    /** For tests: the latest window's estimate of a series ({@code metric} "accuracy" or "rmsle"), or null. */
    public PerformanceEstimate latestEstimate(String metric, String family, String version, String alias) {
        return latestEstimate.get(metric + "/" + family + "/" + version + "/" + alias);
    }

    /** For tests and /info: the latest report of a feature, or null. */
    public DriftReport latest(String feature) {
        return latest.get(feature);
    }

    private synchronized void registerFeature(String feature) {
        if (!features.add(feature)) {
            return;
        }
        Tags tags = Tags.of("task", task, "feature", feature);
        gauge("hindsight.drift.psi", "population stability index of the latest closed window", tags, feature, latest,
                DriftReport::psi);
        gauge("hindsight.drift.ks", "two-sample KS statistic D of the latest closed window", tags, feature, latest,
                DriftReport::ksD);
        gauge("hindsight.drift.ks.pvalue", "KS p-value of the latest closed window", tags, feature, latest,
                DriftReport::ksPValue);
        for (boolean drifted : new boolean[] {true, false}) {
            windows.put(feature + "/" + drifted, remember(Counter.builder("hindsight.drift.windows")
                    .description("closed drift windows reported per feature, by whether they drifted")
                    .tag("task", task).tag("feature", feature).tag("drifted", Boolean.toString(drifted)).register(registry)));
        }
    }

    private <T> void gauge(String name, String description, Tags tags, String key, Map<String, T> source, ToDoubleFunction<T> value) {
        remember(Gauge.builder(name, source, m -> {
            T t = m.get(key);
            return t == null ? Double.NaN : value.applyAsDouble(t);
        }).description(description).tags(tags).strongReference(true).register(registry));
    }

    private synchronized <M extends Meter> M remember(M meter) {
        registered.add(meter);
        return meter;
    }

    /** Removes this instance's meters so a restarted role in the same JVM registers fresh ones. */
    @Override
    public synchronized void close() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
