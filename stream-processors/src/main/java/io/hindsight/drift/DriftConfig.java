package io.hindsight.drift;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.drift.DriftFeatures;
import java.time.Duration;
import java.util.Objects;

/**
 * The drift monitor's settings for one task, declared once and validated at construction.
 *
 * @param windowSize      drift window length (event time of the request records)
 * @param windowAdvance   equal to windowSize for tumbling windows (the default), shorter for hopping ones
 * @param grace           how late a request may arrive and still count; a window's reports are emitted once
 *                        stream time passes its end plus grace
 * @param minSamples      a window with fewer requests than this is reported but never flagged drifted
 * @param estimateWindowSize    CBPE windows: keep equal to the joiner's rolling windows so keys line up
 * @param estimateWindowAdvance the joiner's window advance
 * @param estimateGrace   the joiner's grace
 * @param commitInterval  Kafka Streams commit interval (exactly_once_v2: bounds output latency)
 */
public record DriftConfig(Task task, Duration windowSize, Duration windowAdvance, Duration grace, long minSamples,
                          Duration estimateWindowSize, Duration estimateWindowAdvance, Duration estimateGrace,
                          Duration commitInterval) {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);
    public static final long DEFAULT_MIN_SAMPLES = 50;
    /** The feedback joiner's rolling windows (JoinerConfig defaults): 5 min every 1 min, 1 min grace. */
    public static final Duration DEFAULT_ESTIMATE_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_ESTIMATE_ADVANCE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_ESTIMATE_GRACE = Duration.ofMinutes(1);
    /**
     * As the app runs the feedback joiner: drift and estimates are read per 5-minute window, so 1 s freshness
     * costs nothing, while each exactly-once commit is a transaction across every output and changelog.
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);

    public DriftConfig {
        Objects.requireNonNull(task, "task");
        if (!DriftFeatures.supports(task)) {
            throw new IllegalArgumentException("no drift features for task " + task.id() + " yet");
        }
        positive("windowSize", windowSize);
        positive("windowAdvance", windowAdvance);
        positive("estimateWindowSize", estimateWindowSize);
        positive("estimateWindowAdvance", estimateWindowAdvance);
        positive("commitInterval", commitInterval);
        notNegative("grace", grace);
        notNegative("estimateGrace", estimateGrace);
        if (windowAdvance.compareTo(windowSize) > 0 || estimateWindowAdvance.compareTo(estimateWindowSize) > 0) {
            throw new IllegalArgumentException("a window's advance must not exceed its size");
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be >= 1, was " + minSamples);
        }
    }

    /** Tumbling 5-minute drift windows with 1 minute grace, at least 50 requests to flag; CBPE on the joiner's windows. */
    public static DriftConfig defaults(Task task) {
        return new DriftConfig(task, DEFAULT_WINDOW, DEFAULT_WINDOW, DEFAULT_GRACE, DEFAULT_MIN_SAMPLES,
                DEFAULT_ESTIMATE_WINDOW, DEFAULT_ESTIMATE_ADVANCE, DEFAULT_ESTIMATE_GRACE, DEFAULT_COMMIT_INTERVAL);
    }

    public DriftConfig withWindow(Duration size, Duration advance, Duration grace) {
        return new DriftConfig(task, size, advance, grace, minSamples, estimateWindowSize, estimateWindowAdvance,
                estimateGrace, commitInterval);
    }

    public DriftConfig withEstimateWindow(Duration size, Duration advance, Duration grace) {
        return new DriftConfig(task, windowSize, windowAdvance, this.grace, minSamples, size, advance, grace, commitInterval);
    }

    public DriftConfig withMinSamples(long minSamples) {
        return new DriftConfig(task, windowSize, windowAdvance, grace, minSamples, estimateWindowSize,
                estimateWindowAdvance, estimateGrace, commitInterval);
    }

    /** CBPE needs class probabilities: every task but calories. */
    public boolean classifier() {
        return task != Task.CALORIES;
    }

    /** One consumer group and set of internal topics per task. */
    public String applicationId() {
        return "hindsight-drift-" + task.id();
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + d);
        }
    }
}
