package io.hindsight.gateway.dashboard;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.DriftReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The recent reports of the {@code drift} topic, per task and feature: what the built-in dashboard's drift section
 * shows. Fed by one Kafka reader (or a test) with each report; read by {@code GET /v1/metrics/drift}.
 *
 * <p>Drift windows are tumbling, so every report is its own window: a feature keeps one report per window start (a
 * report for a window already held replaces it), and reports whose window ended more than {@link #retention()}
 * before the task's newest window end are dropped. The latest report of a feature is its newest window. Because the
 * reader starts at the beginning of the topic, a restarted gateway shows the same history again.
 */
public final class DriftHistory {
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);

    private record Key(String task, String feature) {
    }

    private final long retentionMs;
    private final Map<Key, NavigableMap<Long, DriftReport>> reports = new HashMap<>();
    private final Map<String, Long> newestEndByTask = new HashMap<>();
    private final Map<String, Long> revisionByTask = new HashMap<>();

    public DriftHistory(Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        this.retentionMs = retention.toMillis();
    }

    public DriftHistory() {
        this(DEFAULT_RETENTION);
    }

    public Duration retention() {
        return Duration.ofMillis(retentionMs);
    }

    /** Adds one report of {@code drift}; one without a task or feature is ignored. */
    public synchronized void add(DriftReport r) {
        if (r == null || r.task() == null || r.feature() == null) {
            return;
        }
        NavigableMap<Long, DriftReport> windows = reports.computeIfAbsent(new Key(r.task(), r.feature()), k -> new TreeMap<>());
        windows.put(r.windowStart(), r);
        long newest = Math.max(newestEndByTask.getOrDefault(r.task(), Long.MIN_VALUE), r.windowEnd());
        newestEndByTask.put(r.task(), newest);
        windows.values().removeIf(w -> w.windowEnd() < newest - retentionMs);
        revisionByTask.merge(r.task(), 1L, Long::sum);
    }

    /** The task's features as the drift route answers them; {@code now} is the server's clock, for the page. */
    public synchronized View view(Task task, long now) {
        String id = task.id();
        long newest = newestEndByTask.getOrDefault(id, 0L);
        List<String> order = DriftFeatures.supports(task) ? DriftFeatures.names(task) : List.of();
        List<FeatureView> out = new ArrayList<>();
        Long windowMs = null;
        for (Map.Entry<Key, NavigableMap<Long, DriftReport>> e : reports.entrySet()) {
            if (!e.getKey().task().equals(id)) {
                continue;
            }
            List<DriftReport> recent = e.getValue().values().stream()
                    .filter(r -> r.windowEnd() >= newest - retentionMs).toList();
            if (recent.isEmpty()) {
                continue;
            }
            DriftReport last = recent.get(recent.size() - 1);
            windowMs = last.windowEnd() - last.windowStart();
            out.add(new FeatureView(e.getKey().feature(), Latest.of(last), Columns.of(recent)));
        }
        out.sort(Comparator.comparingInt((FeatureView f) -> rank(order, f.feature())).thenComparing(FeatureView::feature));
        int drifted = (int) out.stream().filter(f -> f.latest().drifted()).count();
        return new View(id, revisionByTask.getOrDefault(id, 0L), now, windowMs, retentionMs,
                new Thresholds(DriftReport.PSI_THRESHOLD, DriftReport.KS_P_THRESHOLD, DriftReport.KS_D_THRESHOLD),
                drifted, out);
    }

    private static int rank(List<String> order, String feature) {
        int i = order.indexOf(feature);
        return i < 0 ? order.size() : i;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The answer of {@code GET /v1/metrics/drift?task=}. */
    @JsonPropertyOrder({"task", "revision", "now", "windowMs", "retentionMs", "thresholds", "drifted", "features"})
    public record View(String task, long revision, long now, Long windowMs, long retentionMs, Thresholds thresholds,
                       int drifted, List<FeatureView> features) {
    }

    /** When a window is flagged: {@code psi > psi || (ksPValue < ksPValue && ksD > ksD)}, with enough requests. */
    @JsonPropertyOrder({"psi", "ksPValue", "ksD"})
    public record Thresholds(double psi, double ksPValue, double ksD) {
    }

    /** One feature: its newest window and its windows, column by column (as charts take them). */
    @JsonPropertyOrder({"feature", "latest", "points"})
    public record FeatureView(String feature, Latest latest, Columns points) {
    }

    /** The newest window of a feature. Statistics that are not a number (too few requests) are null. */
    @JsonPropertyOrder({"windowStart", "windowEnd", "referenceVersion", "count", "referenceCount", "psi", "ksD",
        "ksPValue", "drifted"})
    public record Latest(long windowStart, long windowEnd, String referenceVersion, long count, long referenceCount,
                         Double psi, Double ksD, Double ksPValue, boolean drifted) {
        static Latest of(DriftReport r) {
            return new Latest(r.windowStart(), r.windowEnd(), r.referenceVersion(), r.count(), r.referenceCount(),
                    finite(r.psi()), finite(r.ksD()), finite(r.ksPValue()), r.drifted());
        }
    }

    /** Windows column by column: {@code t} is each window's end (ms). */
    @JsonPropertyOrder({"t", "count", "psi", "ksD", "drifted"})
    public record Columns(List<Long> t, List<Long> count, List<Double> psi, List<Double> ksD, List<Boolean> drifted) {
        static Columns of(List<DriftReport> windows) {
            return new Columns(windows.stream().map(DriftReport::windowEnd).toList(),
                    windows.stream().map(DriftReport::count).toList(),
                    windows.stream().map(r -> finite(r.psi())).toList(),
                    windows.stream().map(r -> finite(r.ksD())).toList(),
                    windows.stream().map(DriftReport::drifted).toList());
        }
    }
}
