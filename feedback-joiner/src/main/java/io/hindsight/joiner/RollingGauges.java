package io.hindsight.joiner;

import io.hindsight.contracts.prediction.RollingMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of the rolling window per task/family/version/alias, fed from metrics.rolling as read by a
 * read_committed consumer, so they show exactly-once results. Hopping windows overlap: the gauge shows, of
 * the windows that contain the newest window start seen, the one that began earliest, i.e. a full-length
 * window that includes the freshest outcomes. Error and accuracy gauges are NaN while that window has no match.
 *
 * <p>Every series has hindsight.rolling.coverage, .matched and .expired. A regression adds .rmsle and .mae;
 * a classifier adds .accuracy instead (its RMSLE is meaningless and its MAE is just 1 - accuracy). rps adds
 * .points_per_round (the bot's mean points had this output moved it; may be negative, which only a gauge can
 * show) and .game_win_rate (NaN while the window has no finished game: only served outputs finish games).
 */
final class RollingGauges implements AutoCloseable {
    private final MeterRegistry registry;
    private final boolean classifier;
    private final boolean games;
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final List<Meter> registered = new ArrayList<>();

    RollingGauges(MeterRegistry registry, boolean classifier) {
        this(registry, classifier, false);
    }

    /** @param games rps: also the points and game win rate gauges */
    RollingGauges(MeterRegistry registry, boolean classifier, boolean games) {
        this.registry = registry;
        this.classifier = classifier;
        this.games = games;
    }

    /** Called from the reader thread only. */
    void update(RollingMetrics m) {
        String key = m.task() + "/" + m.family() + "/" + m.version() + "/" + m.alias();
        series.computeIfAbsent(key, k -> register(m)).update(m);
    }

    /** The window the gauges show for a series, or null: for tests and /info. */
    RollingMetrics shown(String task, String family, String version, String alias) {
        Series s = series.get(task + "/" + family + "/" + version + "/" + alias);
        return s == null ? null : s.shown;
    }

    private Series register(RollingMetrics m) {
        Series s = new Series();
        Tags tags = Tags.of("task", m.task(), "family", m.family(), "version", m.version(), "alias", m.alias());
        if (classifier) {
            gauge("hindsight.rolling.accuracy", "share of matched outputs that named the true class in the rolling window",
                    tags, s, w -> w.matched() == 0 ? Double.NaN : w.accuracy());
        } else {
            gauge("hindsight.rolling.rmsle", "RMSLE of the rolling window", tags, s, w -> w.matched() == 0 ? Double.NaN : w.rmsle());
            gauge("hindsight.rolling.mae", "mean absolute error of the rolling window", tags, s, w -> w.matched() == 0 ? Double.NaN : w.mae());
        }
        if (games) {
            gauge("hindsight.rolling.points_per_round", "rps: the bot's mean points per round had this output moved it, rolling window",
                    tags, s, w -> w.matched() == 0 ? Double.NaN : w.pointsPerRound());
            gauge("hindsight.rolling.game_win_rate", "rps: games the bot won / games finished by this served output, rolling window",
                    tags, s, RollingMetrics::winRate);
        }
        gauge("hindsight.rolling.coverage", "matched / (matched + expired) in the rolling window", tags, s, RollingMetrics::coverage);
        gauge("hindsight.rolling.matched", "outputs matched with feedback in the rolling window", tags, s, RollingMetrics::matched);
        gauge("hindsight.rolling.expired", "outputs whose horizon passed unmatched in the rolling window", tags, s, RollingMetrics::expired);
        return s;
    }

    private void gauge(String name, String description, Tags tags, Series s, ToDoubleFunction<RollingMetrics> value) {
        Gauge g = Gauge.builder(name, s, x -> x.shown == null ? Double.NaN : value.applyAsDouble(x.shown))
                .description(description).tags(tags).strongReference(true).register(registry);
        synchronized (registered) {
            registered.add(g);
        }
    }

    /** Gauges hold this instance's state: remove them so a restarted role in the same JVM registers fresh ones. */
    @Override
    public void close() {
        synchronized (registered) {
            registered.forEach(registry::remove);
            registered.clear();
        }
    }

    private static final class Series {
        private final NavigableMap<Long, RollingMetrics> windows = new TreeMap<>();
        private volatile RollingMetrics shown;

        void update(RollingMetrics m) {
            windows.put(m.windowStart(), m);
            long newestStart = windows.lastKey();
            windows.values().removeIf(w -> w.windowEnd() <= newestStart); // no longer contains the newest start
            shown = windows.firstEntry().getValue();
        }
    }
}
