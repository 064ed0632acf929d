package io.hindsight.promotion;

import io.hindsight.contracts.Task;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the promotion role can be told, validated at construction.
 *
 * @param interval        how often every task/family is evaluated
 * @param alpha           the significance level B must reach (one-sided) to replace Production
 * @param minGames        rps: finished games each of Production and B must have served before any test runs
 * @param minSamples      digits and calories: scored predictions (pairs for calories) per alias before any test
 *                        runs; rps shadows: scored rounds per shadow
 * @param tasks           which tasks are evaluated
 * @param transactionalId the producer's transactional id: one promotion role per cluster, a second one fences
 *                        the first out rather than both moving aliases
 */
public record PromotionConfig(Duration interval, double alpha, long minGames, long minSamples, List<Task> tasks,
                              String transactionalId) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final double DEFAULT_ALPHA = 0.05;
    public static final long DEFAULT_MIN_GAMES = 30;
    public static final long DEFAULT_MIN_SAMPLES = 200;
    public static final String DEFAULT_TRANSACTIONAL_ID = "hindsight-promotion";

    public PromotionConfig {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        if (minGames < 1) {
            throw new IllegalArgumentException("minGames must be >= 1, was " + minGames);
        }
        if (minSamples < 2) {
            throw new IllegalArgumentException("minSamples must be >= 2 (a paired t-test needs 2 pairs), was " + minSamples);
        }
        tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
        if (transactionalId == null || transactionalId.isBlank()) {
            throw new IllegalArgumentException("transactionalId must be set");
        }
    }

    /** Every 60 s, alpha 0.05, 30 games, 200 samples, all tasks. */
    public static PromotionConfig defaults() {
        return new PromotionConfig(DEFAULT_INTERVAL, DEFAULT_ALPHA, DEFAULT_MIN_GAMES, DEFAULT_MIN_SAMPLES,
                List.of(Task.values()), DEFAULT_TRANSACTIONAL_ID);
    }

    public PromotionConfig withInterval(Duration interval) {
        return new PromotionConfig(interval, alpha, minGames, minSamples, tasks, transactionalId);
    }

    public PromotionConfig withAlpha(double alpha) {
        return new PromotionConfig(interval, alpha, minGames, minSamples, tasks, transactionalId);
    }

    public PromotionConfig withMinGames(long minGames) {
        return new PromotionConfig(interval, alpha, minGames, minSamples, tasks, transactionalId);
    }

    public PromotionConfig withMinSamples(long minSamples) {
        return new PromotionConfig(interval, alpha, minGames, minSamples, tasks, transactionalId);
    }

    public PromotionConfig withTasks(List<Task> tasks) {
        return new PromotionConfig(interval, alpha, minGames, minSamples, tasks, transactionalId);
    }

    public PromotionConfig withTransactionalId(String transactionalId) {
        return new PromotionConfig(interval, alpha, minGames, minSamples, tasks, transactionalId);
    }
}
