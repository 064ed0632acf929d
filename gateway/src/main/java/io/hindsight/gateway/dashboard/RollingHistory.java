package io.hindsight.gateway.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.RollingMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The recent history of {@code metrics.rolling}, per task, model version and alias: what the built-in dashboard
 * draws. Fed by one Kafka reader (or a test) with each record and its Kafka timestamp; read by
 * {@code GET /v1/metrics/rolling}.
 *
 * <p>The joiner's windows hop (5 minutes long, a new one every minute), so several windows contain any instant.
 * Like the Prometheus gauges, a series shows, of the windows that contain the newest window start seen, the one
 * that began earliest: a full-length window that includes the freshest outcomes. Every record appends that
 * window's figures as a point at the record's timestamp (the joiner stamps it with the newest outcome it
 * aggregated), at most one point per {@link #resolution()}: a later record in the same slot replaces it. Points
 * older than {@link #retention()} before the task's newest point are dropped. Because the reader starts at the
 * beginning of the topic, a restarted gateway draws the same history again.
 */
public final class RollingHistory {
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    public static final Duration DEFAULT_RESOLUTION = Duration.ofSeconds(2);

    /**
     * What a task's model outputs are: decides which figures mean something (RMSLE of a digit does not). A game
     * (rps) is a classifier of the player's next move whose outputs also score points and, when served, win games.
     */
    public enum Kind {
        REGRESSION, CLASSIFICATION, GAME;

        /** The figures that mean something for this kind, as named in the points. */
        public List<String> figures() {
            return switch (this) {
                case REGRESSION -> List.of("rmsle", "mae", "coverage", "lagP50Seconds", "lagP95Seconds");
                case CLASSIFICATION -> List.of("accuracy", "coverage", "lagP50Seconds", "lagP95Seconds");
                case GAME -> List.of("winRate", "pointsPerRound", "accuracy", "coverage", "lagP50Seconds", "lagP95Seconds");
            };
        }

        public static Kind of(Task task) {
            return switch (task) {
                case CALORIES -> REGRESSION;
                case RPS -> GAME;
                default -> CLASSIFICATION;
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Key(String task, String family, String version, String alias) {
    }

    private static final class Series {
        final NavigableMap<Long, RollingMetrics> windows = new TreeMap<>();
        final NavigableMap<Long, Point> points = new TreeMap<>();
        RollingMetrics shown;
        long updatedAt;
    }

    private final long retentionMs;
    private final long resolutionMs;
    private final Map<Key, Series> series = new HashMap<>();
    private final Map<String, Long> newestByTask = new HashMap<>();
    private final Map<String, Long> revisionByTask = new HashMap<>();

    public RollingHistory(Duration retention, Duration resolution) {
        if (retention.isNegative() || retention.isZero() || resolution.isNegative() || resolution.isZero()) {
            throw new IllegalArgumentException("retention and resolution must be positive");
        }
        this.retentionMs = retention.toMillis();
        this.resolutionMs = resolution.toMillis();
    }

    public RollingHistory() {
        this(DEFAULT_RETENTION, DEFAULT_RESOLUTION);
    }

    public Duration retention() {
        return Duration.ofMillis(retentionMs);
    }

    public Duration resolution() {
        return Duration.ofMillis(resolutionMs);
    }

    /**
     * Adds one record of {@code metrics.rolling}.
     *
     * @param timestamp the record's Kafka timestamp (ms); a non-positive one falls back to the window's end
     */
    public synchronized void add(RollingMetrics m, long timestamp) {
        if (m == null || m.task() == null || m.alias() == null) {
            return;
        }
        long t = timestamp > 0 ? timestamp : m.windowEnd();
        Series s = series.computeIfAbsent(new Key(m.task(), m.family(), m.version(), m.alias()), k -> new Series());
        s.windows.put(m.windowStart(), m);
        long newestStart = s.windows.lastKey();
        s.windows.values().removeIf(w -> w.windowEnd() <= newestStart); // no longer contains the newest start
        s.shown = s.windows.firstEntry().getValue();
        s.updatedAt = Math.max(s.updatedAt, t);
        s.points.put(t / resolutionMs, Point.of(t, s.shown));
        long newest = Math.max(newestByTask.getOrDefault(m.task(), Long.MIN_VALUE), t);
        newestByTask.put(m.task(), newest);
        s.points.headMap((newest - retentionMs) / resolutionMs, false).clear();
        revisionByTask.merge(m.task(), 1L, Long::sum);
    }

    /** The task's series as the dashboard route answers them; {@code now} is the server's clock, for the page. */
    public synchronized View view(Task task, long now) {
        String id = task.id();
        Kind kind = Kind.of(task);
        List<SeriesView> out = new ArrayList<>();
        long newest = newestByTask.getOrDefault(id, 0L);
        Long windowMs = null;
        for (Map.Entry<Key, Series> e : series.entrySet()) {
            Key k = e.getKey();
            if (!k.task().equals(id)) {
                continue;
            }
            Series s = e.getValue();
            List<Point> recent = new ArrayList<>(s.points.tailMap((newest - retentionMs) / resolutionMs, true).values());
            recent.removeIf(p -> p.t() < newest - retentionMs);
            if (recent.isEmpty()) {
                continue; // a model version that has not been scored for longer than the retention
            }
            RollingMetrics w = s.shown;
            windowMs = w.windowEnd() - w.windowStart();
            out.add(new SeriesView(k.alias(), k.family(), k.version(),
                    Latest.of(w, s.updatedAt, kind), Columns.of(recent, kind)));
        }
        Comparator<String> text = Comparator.nullsLast(Comparator.naturalOrder());
        out.sort(Comparator.comparingInt((SeriesView v) -> aliasRank(v.alias()))
                .thenComparing(SeriesView::alias, text)
                .thenComparing((SeriesView v) -> -v.latest().updatedAt())
                .thenComparing(SeriesView::version, text));
        return new View(id, kind.toString(), kind.figures(), revisionByTask.getOrDefault(id, 0L), now, windowMs, retentionMs, out);
    }

    private static int aliasRank(String alias) {
        int i = Aliases.ALL.indexOf(alias);
        return i < 0 ? Aliases.ALL.size() : i;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Double seconds(double ms) {
        return Double.isFinite(ms) ? Math.round(ms) / 1000.0 : null;
    }

    /**
     * One point: the shown window's figures at time t. Error, accuracy and points per round are null while nothing
     * matched; the win rate is null while no game finished (always, for a shadow: it never moves the bot).
     */
    record Point(long t, long matched, long expired, Double coverage, Double rmsle, Double mae, Double accuracy,
                 Double lagP50Seconds, Double lagP95Seconds, Double pointsPerRound, long games, long gamesWon,
                 Double winRate) {
        static Point of(long t, RollingMetrics w) {
            boolean any = w.matched() > 0;
            return new Point(t, w.matched(), w.expired(),
                    w.matched() + w.expired() == 0 ? null : finite(w.coverage()),
                    any ? finite(w.rmsle()) : null, any ? finite(w.mae()) : null, any ? finite(w.accuracy()) : null,
                    any ? seconds(w.lagP50Ms()) : null, any ? seconds(w.lagP95Ms()) : null,
                    any ? finite(w.pointsPerRound()) : null, w.games(), w.gamesWon(),
                    w.games() > 0 ? finite(w.winRate()) : null);
        }
    }

    /** The answer of {@code GET /v1/metrics/rolling?task=}. */
    @JsonPropertyOrder({"task", "kind", "figures", "revision", "now", "windowMs", "retentionMs", "series"})
    public record View(String task, String kind, List<String> figures, long revision, long now, Long windowMs,
                       long retentionMs, List<SeriesView> series) {
    }

    /** One model version behind one alias: its latest window and its points, column by column (as charts take them). */
    @JsonPropertyOrder({"alias", "family", "version", "latest", "points"})
    public record SeriesView(String alias, String family, String version, Latest latest, Columns points) {
    }

    /**
     * The window the series shows now. Figures that do not belong to the task's kind (a regression's accuracy, a
     * classifier's RMSLE and MAE) and figures of a window without a match are null. A game's figures (points per
     * round, games, games won, win rate) are left out for the other kinds, and the win rate is null until a game
     * finished in the window (absent from the JSON, like the other null game figures).
     */
    @JsonPropertyOrder({"windowStart", "windowEnd", "updatedAt", "matched", "expired", "coverage", "rmsle", "mae",
        "accuracy", "lagP50Seconds", "lagP95Seconds", "pointsPerRound", "games", "gamesWon", "winRate"})
    public record Latest(long windowStart, long windowEnd, long updatedAt, long matched, long expired, Double coverage,
                         Double rmsle, Double mae, Double accuracy, Double lagP50Seconds, Double lagP95Seconds,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double pointsPerRound,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long games,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long gamesWon,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double winRate) {
        static Latest of(RollingMetrics w, long updatedAt, Kind kind) {
            Point p = Point.of(updatedAt, w);
            boolean regression = kind == Kind.REGRESSION;
            boolean game = kind == Kind.GAME;
            return new Latest(w.windowStart(), w.windowEnd(), updatedAt, w.matched(), w.expired(), p.coverage(),
                    regression ? p.rmsle() : null, regression ? p.mae() : null, regression ? null : p.accuracy(),
                    p.lagP50Seconds(), p.lagP95Seconds(),
                    game ? p.pointsPerRound() : null, game ? p.games() : null, game ? p.gamesWon() : null,
                    game ? p.winRate() : null);
        }
    }

    /**
     * Points column by column: {@code t} (ms) and one array per figure, null where a point has no value. A game
     * adds pointsPerRound, winRate, games and gamesWon.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"t", "matched", "expired", "coverage", "rmsle", "mae", "accuracy", "lagP50Seconds",
        "lagP95Seconds", "pointsPerRound", "winRate", "games", "gamesWon"})
    public record Columns(List<Long> t, List<Long> matched, List<Long> expired, List<Double> coverage,
                          List<Double> rmsle, List<Double> mae, List<Double> accuracy, List<Double> lagP50Seconds,
                          List<Double> lagP95Seconds, List<Double> pointsPerRound, List<Double> winRate,
                          List<Long> games, List<Long> gamesWon) {
        static Columns of(List<Point> points, Kind kind) {
            boolean regression = kind == Kind.REGRESSION;
            boolean game = kind == Kind.GAME;
            return new Columns(points.stream().map(Point::t).toList(),
                    points.stream().map(Point::matched).toList(),
                    points.stream().map(Point::expired).toList(),
                    nullable(points, Point::coverage),
                    regression ? nullable(points, Point::rmsle) : null,
                    regression ? nullable(points, Point::mae) : null,
                    regression ? null : nullable(points, Point::accuracy),
                    nullable(points, Point::lagP50Seconds),
                    nullable(points, Point::lagP95Seconds),
                    game ? nullable(points, Point::pointsPerRound) : null,
                    game ? nullable(points, Point::winRate) : null,
                    game ? points.stream().map(Point::games).toList() : null,
                    game ? points.stream().map(Point::gamesWon).toList() : null);
        }

        private static List<Double> nullable(List<Point> points, Function<Point, Double> f) {
            return points.stream().map(f).toList(); // keeps the nulls
        }
    }
}
