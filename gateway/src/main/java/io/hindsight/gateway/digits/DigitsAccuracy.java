package io.hindsight.gateway.digits;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * How often each digits model has been right: every scored record (served and shadow) counted per alias,
 * family and version since the start of {@code digits.scored}, with the latest rolling window of
 * {@code metrics.rolling} beside it. Fed by one Kafka reader (or a test); read by the accuracy route and the
 * live sockets, which get a snapshot pushed whenever it changes. Small: one entry per model version and alias.
 */
public final class DigitsAccuracy {
    private static final String TASK = Task.DIGITS.id();

    private record Key(String alias, String family, String version) {
    }

    private static final class Tally {
        long total;
        long correct;
        long lastScoredAt;
    }

    private final Map<Key, Tally> tallies = new HashMap<>();
    private final Map<Key, RollingMetrics> windows = new HashMap<>();
    private final Sinks.Many<Long> changes = Sinks.many().multicast().directBestEffort();
    private long servedTotal;
    private long servedCorrect;
    private Long since;
    private long revision;

    /** Counts one scored digit; records of other tasks are ignored. */
    public synchronized void scored(ScoredRecord r) {
        if (!TASK.equals(r.task())) {
            return;
        }
        boolean right = r.correct() != null ? r.correct() : Math.round(r.predicted()) == Math.round(r.truth());
        Tally t = tallies.computeIfAbsent(new Key(r.alias(), r.family(), r.version()), k -> new Tally());
        t.total++;
        t.correct += right ? 1 : 0;
        t.lastScoredAt = Math.max(t.lastScoredAt, r.feedbackTs());
        if (r.served()) {
            servedTotal++;
            servedCorrect += right ? 1 : 0;
        }
        since = since == null ? r.predictedTs() : Math.min(since, r.predictedTs());
        changed();
    }

    /** Keeps the newest window of each model version and alias; records of other tasks are ignored. */
    public synchronized void rolling(RollingMetrics m) {
        if (!TASK.equals(m.task())) {
            return;
        }
        Key k = new Key(m.alias(), m.family(), m.version());
        RollingMetrics current = windows.get(k);
        if (current == null || m.windowStart() >= current.windowStart()) {
            windows.put(k, m);
            changed();
        }
    }

    private void changed() {
        revision++;
        changes.tryEmitNext(revision); // under the lock: emissions are serialised
    }

    public synchronized Snapshot snapshot() {
        Set<Key> keys = new LinkedHashSet<>(tallies.keySet());
        keys.addAll(windows.keySet());
        List<Row> rows = new ArrayList<>(keys.size());
        for (Key k : keys) {
            Tally t = tallies.get(k);
            RollingMetrics w = windows.get(k);
            rows.add(new Row(k.alias(), k.family(), k.version(), t == null ? 0 : t.total, t == null ? 0 : t.correct,
                    t == null ? null : ratio(t.correct, t.total), t == null ? null : t.lastScoredAt,
                    w == null ? null : new Window(w.accuracy(), w.matched(), w.windowStart(), w.windowEnd())));
        }
        Comparator<String> text = Comparator.nullsLast(Comparator.naturalOrder());
        rows.sort(Comparator.comparingInt((Row r) -> aliasRank(r.alias()))
                .thenComparing(Row::alias, text).thenComparing(Row::family, text).thenComparing(Row::version, text));
        return new Snapshot(TASK, revision, since, new Served(servedTotal, servedCorrect, ratio(servedCorrect, servedTotal)),
                rows);
    }

    /**
     * A snapshot now and after every change, at most one per {@code every}: what a live page shows. Never
     * completes; each subscriber gets its own.
     */
    public Flux<Snapshot> updates(Duration every) {
        return Flux.merge(Flux.just(0L), changes.asFlux().sample(every)).map(x -> snapshot());
    }

    private static int aliasRank(String alias) {
        int i = Aliases.ALL.indexOf(alias);
        return i < 0 ? Aliases.ALL.size() : i;
    }

    private static Double ratio(long correct, long total) {
        return total == 0 ? null : Math.round(1e6 * correct / (double) total) / 1e6;
    }

    /** The view as the accuracy route and the live socket send it. */
    @JsonPropertyOrder({"task", "revision", "since", "served", "models"})
    public record Snapshot(String task, long revision, Long since, Served served, List<Row> models) {
    }

    /** What people were shown: the served outputs only. */
    @JsonPropertyOrder({"total", "correct", "accuracy"})
    public record Served(long total, long correct, Double accuracy) {
    }

    /** One alias and model version: scored outputs, how many were right, and its latest rolling window. */
    @JsonPropertyOrder({"alias", "family", "version", "total", "correct", "accuracy", "lastScoredAt", "rolling"})
    public record Row(String alias, String family, String version, long total, long correct, Double accuracy,
                      Long lastScoredAt, Window rolling) {
    }

    @JsonPropertyOrder({"accuracy", "matched", "windowStart", "windowEnd"})
    public record Window(double accuracy, long matched, long windowStart, long windowEnd) {
    }
}
