package io.hindsight.trainer.publish;

import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.model.TrainedModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a model in one Kafka transaction: bytes on {@code model-artifacts} (key sha256), metadata on
 * {@code models} (key version), then the alias assignments on {@code model-aliases}. Readers use
 * read_committed, so none ever sees an alias pointing at a model whose bytes are not there.
 * <p>
 * Each call uses a fresh producer: publishing is rare, and a short-lived producer has no transactional
 * state to recover after an error. The transactional id is stable so that a publisher that crashed
 * mid-transaction is aborted by the next one's initTransactions instead of blocking readers until the
 * transaction times out.
 */
public final class ModelPublisher {
    public static final String DEFAULT_TRANSACTIONAL_ID = "hindsight-model-publisher";
    private static final Logger log = LoggerFactory.getLogger(ModelPublisher.class);
    private static final int MAX_ARTIFACT_BYTES = 64 * 1024 * 1024;

    private final String bootstrapServers;
    private final String transactionalId;

    public ModelPublisher(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TRANSACTIONAL_ID);
    }

    public ModelPublisher(String bootstrapServers, String transactionalId) {
        this.bootstrapServers = bootstrapServers;
        this.transactionalId = transactionalId;
    }

    /** Publishes the model and points each alias at it; returns the assignments written. */
    public List<AliasAssignment> publish(TrainedModel model, List<String> aliases, String reason) {
        return publish(model.metadata(), model.artifact(), model.sidecars(), aliases, reason);
    }

    public List<AliasAssignment> publish(ModelVersion metadata, byte[] artifact, List<String> aliases, String reason) {
        return publish(metadata, artifact, Map.of(), aliases, reason);
    }

    /**
     * With sidecar artifacts (by sha256; e.g. a DLE nanny), written to {@code model-artifacts} in the same
     * transaction, before the metadata that refers to them, each with header {@code hindsight-artifact-kind}.
     */
    public List<AliasAssignment> publish(ModelVersion metadata, byte[] artifact, Map<String, TrainedModel.Sidecar> sidecars,
                                         List<String> aliases, String reason) {
        for (Map.Entry<String, TrainedModel.Sidecar> e : sidecars.entrySet()) {
            if (!Sha256.hex(e.getValue().bytes()).equals(e.getKey())) {
                throw new IllegalArgumentException("sidecar bytes do not match sha256 " + e.getKey() + " of " + metadata.version());
            }
        }
        if (!Sha256.hex(artifact).equals(metadata.artifactSha256())) {
            throw new IllegalArgumentException("artifact bytes do not match sha256 " + metadata.artifactSha256() + " of " + metadata.version());
        }
        long now = System.currentTimeMillis();
        List<AliasAssignment> assignments = new ArrayList<>();
        for (String alias : aliases) {
            assignments.add(new AliasAssignment(metadata.task(), metadata.family(), alias, metadata.version(), now, reason));
        }
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            producer.initTransactions();
            try {
                producer.beginTransaction();
                for (Map.Entry<String, TrainedModel.Sidecar> e : sidecars.entrySet()) {
                    ProducerRecord<byte[], byte[]> sidecar = record(Topics.MODEL_ARTIFACTS, e.getKey(), e.getValue().bytes());
                    sidecar.headers().add(PerformanceReference.ARTIFACT_KIND_HEADER,
                            e.getValue().kind().getBytes(StandardCharsets.UTF_8));
                    producer.send(sidecar);
                }
                producer.send(record(Topics.MODEL_ARTIFACTS, metadata.artifactSha256(), artifact));
                producer.send(record(Topics.MODELS, metadata.version(), metadata));
                for (AliasAssignment a : assignments) {
                    producer.send(record(Topics.MODEL_ALIASES, a.key(), a));
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                TransactionalProducers.abortQuietly(producer, log, "publish");
                throw new IllegalStateException("could not publish " + metadata.version() + ": " + e.getMessage(), e);
            }
        }
        log.info("published {} ({} bytes{}) with aliases {} in {} ms", metadata.version(), artifact.length,
                sidecars.isEmpty() ? "" : ", " + sidecars.size() + " sidecar artifact(s)", aliases, (System.nanoTime() - t0) / 1_000_000);
        return List.copyOf(assignments);
    }

    /**
     * Points an alias at an existing version (one record on model-aliases, in a transaction so read_committed
     * readers never see half of a publish). The caller checks that the version exists and fits the task.
     */
    public AliasAssignment moveAlias(String task, String family, String alias, String version, String reason) {
        AliasAssignment a = new AliasAssignment(task, family, alias, version, System.currentTimeMillis(), reason);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            producer.initTransactions();
            try {
                producer.beginTransaction();
                producer.send(record(Topics.MODEL_ALIASES, a.key(), a));
                producer.commitTransaction();
            } catch (KafkaException e) {
                TransactionalProducers.abortQuietly(producer, log, "alias move");
                throw new IllegalStateException("could not move " + a.key() + " to " + version + ": " + e.getMessage(), e);
            }
        }
        log.info("alias {} now points at {} ({})", a.key(), version, reason);
        return a;
    }

    /**
     * Deletes versions from the registry: a tombstone for each version's metadata on {@code models} and for each
     * artifact on {@code model-artifacts}, in one transaction. The caller checks that no alias names them and no kept
     * version shares their bytes ({@code RegistryRetention}).
     */
    public void retire(Collection<String> versions, Collection<String> artifactShas, String reason) {
        if (versions.isEmpty() && artifactShas.isEmpty()) {
            return;
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            producer.initTransactions();
            try {
                producer.beginTransaction();
                for (String version : versions) {
                    producer.send(tombstone(Topics.MODELS, version));
                }
                for (String sha : artifactShas) {
                    producer.send(tombstone(Topics.MODEL_ARTIFACTS, sha));
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                TransactionalProducers.abortQuietly(producer, log, "retire");
                throw new IllegalStateException("could not retire " + versions + ": " + e.getMessage(), e);
            }
        }
        log.info("retired {} version(s) {} and {} artifact(s): {}", versions.size(), versions, artifactShas.size(), reason);
    }

    private static <K, V> ProducerRecord<byte[], byte[]> tombstone(Topic<K, V> topic, K key) {
        return new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key), null);
    }

    private static <K, V> ProducerRecord<byte[], byte[]> record(Topic<K, V> topic, K key, V value) {
        return new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private Properties producerConfig() {
        Properties p = TransactionalProducers.base(bootstrapServers, transactionalId);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // model-artifacts accepts records up to 64 MiB; the buffer must hold one whole record.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_ARTIFACT_BYTES));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(2L * MAX_ARTIFACT_BYTES));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Duration.ofSeconds(60).toMillis()));
        return p;
    }
}
