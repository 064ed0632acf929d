package io.hindsight.rps;

import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * The game processor's settings, validated at construction.
 *
 * @param applicationId  Kafka Streams application id (consumer group, state and internal topic prefix)
 * @param commitInterval exactly_once_v2 makes outputs visible only at commit, and a move that needs a model
 *                       crosses two commits (request out, prediction back through the repartition topic):
 *                       keep it short so a round trip feels instant
 * @param partitions     partitions of the internal topics that re-key keyless commands and predictions by game
 *                       id; must equal {@code rps.moves}' partition count so a game's moves and predictions meet
 *                       its state in the same task
 */
public record RpsGameConfig(String applicationId, Duration commitInterval, int partitions) {
    public static final String DEFAULT_APPLICATION_ID = "hindsight-rps-games";
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(50);

    public RpsGameConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(commitInterval, "commitInterval");
        if (applicationId.isBlank()) {
            throw new IllegalArgumentException("applicationId must not be blank");
        }
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("commitInterval must be positive, was " + commitInterval);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
    }

    public static RpsGameConfig defaults() {
        return new RpsGameConfig(DEFAULT_APPLICATION_ID, DEFAULT_COMMIT_INTERVAL, Topics.RPS_MOVES.partitions());
    }

    public RpsGameConfig withPartitions(int partitions) {
        return new RpsGameConfig(applicationId, commitInterval, partitions);
    }

    public RpsGameConfig withApplicationId(String applicationId) {
        return new RpsGameConfig(applicationId, commitInterval, partitions);
    }
}
