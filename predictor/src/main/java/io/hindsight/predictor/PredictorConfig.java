package io.hindsight.predictor;

import io.hindsight.contracts.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Settings of one predictor, declared once. {@link #defaults(String, Task)} gives every default; the
 * {@code with...} methods change one setting.
 *
 * @param bootstrapServers      Kafka bootstrap servers
 * @param task                  the task served; only calories has a predictor today
 * @param groupId               consumer group of the requests topic; default {@code hindsight-predictor-<task>}
 * @param maxPollRecords        most requests per batch (one poll, one transaction); default 500
 * @param dedupeHorizon         a request id seen again within this time is answered with the original
 *                              prediction (replay=true); default 1 h
 * @param transactionalIdPrefix prefix of the producer's transactional id; default {@code hindsight-predictor-<task>}.
 *                              The id is the prefix plus this host's name, so a restarted instance fences
 *                              its predecessor and aborts its open transaction at once.
 */
public record PredictorConfig(String bootstrapServers, Task task, String groupId, int maxPollRecords,
                              Duration dedupeHorizon, String transactionalIdPrefix) {
    public static final int DEFAULT_MAX_POLL_RECORDS = 500;
    public static final Duration DEFAULT_DEDUPE_HORIZON = Duration.ofHours(1);

    public PredictorConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(task, "task");
        if (task != Task.CALORIES) {
            throw new IllegalArgumentException("this predictor serves calories only, not " + task.id());
        }
        groupId = blank(groupId) ? "hindsight-predictor-" + task.id() : groupId;
        maxPollRecords = maxPollRecords == 0 ? DEFAULT_MAX_POLL_RECORDS : maxPollRecords;
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("maxPollRecords must be >= 1, was " + maxPollRecords);
        }
        dedupeHorizon = dedupeHorizon == null ? DEFAULT_DEDUPE_HORIZON : dedupeHorizon;
        if (dedupeHorizon.isNegative() || dedupeHorizon.isZero()) {
            throw new IllegalArgumentException("dedupeHorizon must be positive, was " + dedupeHorizon);
        }
        transactionalIdPrefix = blank(transactionalIdPrefix) ? "hindsight-predictor-" + task.id() : transactionalIdPrefix;
    }

    public static PredictorConfig defaults(String bootstrapServers, Task task) {
        return new PredictorConfig(bootstrapServers, task, null, 0, null, null);
    }

    public PredictorConfig withGroupId(String id) {
        return new PredictorConfig(bootstrapServers, task, id, maxPollRecords, dedupeHorizon, transactionalIdPrefix);
    }

    public PredictorConfig withMaxPollRecords(int n) {
        return new PredictorConfig(bootstrapServers, task, groupId, n, dedupeHorizon, transactionalIdPrefix);
    }

    public PredictorConfig withDedupeHorizon(Duration horizon) {
        return new PredictorConfig(bootstrapServers, task, groupId, maxPollRecords, horizon, transactionalIdPrefix);
    }

    public PredictorConfig withTransactionalIdPrefix(String prefix) {
        return new PredictorConfig(bootstrapServers, task, groupId, maxPollRecords, dedupeHorizon, prefix);
    }

    /** Stable per host (HOSTNAME, as set by Docker and Kubernetes), random only when the host has no name. */
    public String transactionalId() {
        String host = System.getenv("HOSTNAME");
        return transactionalIdPrefix + "-" + (blank(host) ? UUID.randomUUID() : host);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
