package io.hindsight.joiner;

import io.hindsight.contracts.Task;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the feedback joiner of one task can be told, validated here so a bad value fails at start,
 * not an hour later when the first prediction expires.
 *
 * @param task           whose predictions and feedback are joined
 * @param horizon        how long a prediction waits for its feedback (and feedback for its prediction)
 * @param windowSize     length of a rolling-metrics window
 * @param windowAdvance  how far consecutive windows are apart (hopping windows)
 * @param grace          how long a closed window still accepts out-of-order outcomes
 * @param commitInterval Kafka Streams commit interval: under exactly_once_v2 it bounds how soon results are
 *                       visible to read_committed consumers
 * @param expiryInterval how often (wall clock) expired predictions and unknown feedback are swept
 * @param streamThreads  Kafka Streams threads: the join runs one task per input partition, so up to as many
 *                       threads as the predictions topic has partitions share the work
 */
public record JoinerConfig(Task task, Duration horizon, Duration windowSize, Duration windowAdvance,
                           Duration grace, Duration commitInterval, Duration expiryInterval, int streamThreads) {

    public static final Duration DEFAULT_HORIZON = Duration.ofHours(1);
    public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_WINDOW_ADVANCE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_EXPIRY_INTERVAL = Duration.ofSeconds(1);

    public JoinerConfig {
        Objects.requireNonNull(task, "task");
        TaskProfile.of(task); // fails fast for a task added to the enum that the joiner cannot read feedback of
        requirePositive("horizon", horizon);
        requirePositive("windowSize", windowSize);
        requirePositive("windowAdvance", windowAdvance);
        requirePositive("commitInterval", commitInterval);
        requirePositive("expiryInterval", expiryInterval);
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, was " + grace);
        }
        if (windowAdvance.compareTo(windowSize) > 0) {
            throw new IllegalArgumentException("windowAdvance (" + windowAdvance + ") must not exceed windowSize (" + windowSize + ")");
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be >= 1, was " + streamThreads);
        }
        if (expiryInterval.compareTo(horizon) > 0) {
            throw new IllegalArgumentException("expiryInterval (" + expiryInterval + ") must not exceed horizon (" + horizon + ")");
        }
    }

    /** Horizon 1 h, windows of 5 min every 1 min with 1 min grace, commits every 100 ms, sweeps every second. */
    public static JoinerConfig defaults(Task task) {
        return new JoinerConfig(task, DEFAULT_HORIZON, DEFAULT_WINDOW_SIZE, DEFAULT_WINDOW_ADVANCE, DEFAULT_GRACE,
                DEFAULT_COMMIT_INTERVAL, DEFAULT_EXPIRY_INTERVAL, 1);
    }

    /** A horizon shorter than the sweep interval also shortens the sweep, so short demo horizons just work. */
    public JoinerConfig withHorizon(Duration horizon) {
        Duration sweep = horizon != null && horizon.compareTo(expiryInterval) < 0 && !horizon.isNegative() && !horizon.isZero()
                ? horizon : expiryInterval;
        return new JoinerConfig(task, horizon, windowSize, windowAdvance, grace, commitInterval, sweep, streamThreads);
    }

    public JoinerConfig withWindow(Duration size, Duration advance) {
        return new JoinerConfig(task, horizon, size, advance, grace, commitInterval, expiryInterval, streamThreads);
    }

    public JoinerConfig withGrace(Duration grace) {
        return new JoinerConfig(task, horizon, windowSize, windowAdvance, grace, commitInterval, expiryInterval, streamThreads);
    }

    public JoinerConfig withCommitInterval(Duration commitInterval) {
        return new JoinerConfig(task, horizon, windowSize, windowAdvance, grace, commitInterval, expiryInterval, streamThreads);
    }

    public JoinerConfig withExpiryInterval(Duration expiryInterval) {
        return new JoinerConfig(task, horizon, windowSize, windowAdvance, grace, commitInterval, expiryInterval, streamThreads);
    }

    public JoinerConfig withStreamThreads(int streamThreads) {
        return new JoinerConfig(task, horizon, windowSize, windowAdvance, grace, commitInterval, expiryInterval, streamThreads);
    }

    /** The Kafka Streams application id: one consumer group and one set of internal topics per task. */
    public String applicationId() {
        return "hindsight-joiner-" + task.id();
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
