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
 * @param task                  the task served: calories, digits or rps
 * @param groupId               consumer group of the requests topic; default {@code hindsight-predictor-<task>}
 * @param maxPollRecords        most requests per batch (one poll, one transaction); default 2,000. A poll
 *                              returns what is there, so a quiet predictor still commits small batches at
 *                              once; only a backlog fills a batch. On raw Kafka 2,000 reaches 54,000
 *                              predictions/s warm against 44,000 with 500 (fewer transactions per request;
 *                              docs/benchmarks.md).
 * @param dedupeHorizon         a request id seen again within this time is answered with the original
 *                              prediction (replay=true); default 1 h
 * @param transactionalIdPrefix prefix of the producer's transactional id; default {@code hindsight-predictor-<task>}.
 * @param instanceId            names this instance in its transactional ids; default HOSTNAME (as Docker and
 *                              Kubernetes set it), else a random UUID. Keep it across restarts (the app keeps
 *                              one in its data dir) so a restarted instance fences its predecessor and aborts
 *                              its open transaction at once instead of waiting out the transaction timeout.
 * @param workers               consume-predict-produce loops in this instance, each with its own consumer,
 *                              transactional producer and partitions; default 1.
 *                              On 2 cores one loop is fastest (1,620 vs 700 req/s at 20 clients): its batches
 *                              are larger, so fewer transactions per request; more loops pay off with more cores.
 */
public record PredictorConfig(String bootstrapServers, Task task, String groupId, int maxPollRecords,
                              Duration dedupeHorizon, String transactionalIdPrefix, String instanceId, int workers) {
    public static final int DEFAULT_WORKERS = 1;
    public static final int DEFAULT_MAX_POLL_RECORDS = 2_000;
    public static final Duration DEFAULT_DEDUPE_HORIZON = Duration.ofHours(1);

    public PredictorConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(task, "task");
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
        if (blank(instanceId)) {
            String host = System.getenv("HOSTNAME");
            instanceId = blank(host) ? UUID.randomUUID().toString() : host;
        }
        workers = workers == 0 ? DEFAULT_WORKERS : workers;
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("workers must be 1..64, was " + workers);
        }
    }

    public static PredictorConfig defaults(String bootstrapServers, Task task) {
        return new PredictorConfig(bootstrapServers, task, null, 0, null, null, null, 0);
    }

    public PredictorConfig withGroupId(String id) {
        return new PredictorConfig(bootstrapServers, task, id, maxPollRecords, dedupeHorizon, transactionalIdPrefix, instanceId, workers);
    }

    public PredictorConfig withMaxPollRecords(int n) {
        return new PredictorConfig(bootstrapServers, task, groupId, n, dedupeHorizon, transactionalIdPrefix, instanceId, workers);
    }

    public PredictorConfig withDedupeHorizon(Duration horizon) {
        return new PredictorConfig(bootstrapServers, task, groupId, maxPollRecords, horizon, transactionalIdPrefix, instanceId, workers);
    }

    public PredictorConfig withTransactionalIdPrefix(String prefix) {
        return new PredictorConfig(bootstrapServers, task, groupId, maxPollRecords, dedupeHorizon, prefix, instanceId, workers);
    }

    public PredictorConfig withInstanceId(String id) {
        return new PredictorConfig(bootstrapServers, task, groupId, maxPollRecords, dedupeHorizon, transactionalIdPrefix, id, workers);
    }

    public PredictorConfig withWorkers(int n) {
        return new PredictorConfig(bootstrapServers, task, groupId, maxPollRecords, dedupeHorizon, transactionalIdPrefix, instanceId, n);
    }

    /** Stable for this instance, so a restart fences the transactions its predecessor left open. */
    public String transactionalId() {
        return transactionalIdPrefix + "-" + instanceId;
    }

    /** The settings of worker {@code i}: its own transactional id, everything else shared. */
    PredictorConfig forWorker(int i) {
        return withInstanceId(instanceId + "-w" + i);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
