package io.hindsight.gateway.kafka;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.models.ModelRegistryWriter;
import io.hindsight.gateway.models.ModelUploadHandler;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Uploaded models onto the registry topics in one transaction, alias moves (the assignment alone) in one of
 * their own, and promotion overrides (the ledger entry and its alias move, as the promotion role writes them) in
 * one of theirs. A short-lived transactional producer per write (uploads and alias moves are rare, and a fresh
 * producer carries no state from a failed one); its transactional id is fixed per gateway instance, so a gateway
 * that died mid-write has its transaction aborted by the next one rather than holding back read_committed
 * readers until the transaction times out.
 */
public final class KafkaModelRegistryWriter implements ModelRegistryWriter {
    private final String bootstrapServers;
    private final String transactionalId;
    /** Room for the largest upload plus the record overhead. */
    private final int maxRequest;

    public KafkaModelRegistryWriter(String bootstrapServers, String transactionalId) {
        this(bootstrapServers, transactionalId, ModelUploadHandler.MAX_MODEL_BYTES);
    }

    /** @param maxModelBytes the largest upload the gateway takes */
    public KafkaModelRegistryWriter(String bootstrapServers, String transactionalId, int maxModelBytes) {
        this.bootstrapServers = bootstrapServers;
        this.transactionalId = transactionalId;
        this.maxRequest = maxModelBytes + 1024 * 1024;
    }

    @Override
    public synchronized void publish(ModelVersion version, byte[] artifact, AliasAssignment alias) {
        inTransaction("model " + version.version(), producer -> {
            producer.send(bytes(Topics.MODEL_ARTIFACTS, version.artifactSha256(), artifact));
            producer.send(bytes(Topics.MODELS, version.version(), version));
            producer.send(bytes(Topics.MODEL_ALIASES, alias.key(), alias));
        });
    }

    @Override
    public synchronized void assign(AliasAssignment alias) {
        inTransaction("alias " + alias.key(), producer -> producer.send(bytes(Topics.MODEL_ALIASES, alias.key(), alias)));
    }

    @Override
    public synchronized void override(PromotionDecision decision, AliasAssignment alias) {
        inTransaction("override of " + alias.key(), producer -> {
            producer.send(bytes(Topics.PROMOTIONS, PromotionDecision.key(decision.task(), decision.family()), decision));
            producer.send(bytes(Topics.MODEL_ALIASES, alias.key(), alias));
        });
    }

    /** Sends in one transaction of a fresh producer; aborted, and BusUnavailableException, unless committed. */
    private void inTransaction(String what, Consumer<KafkaProducer<byte[], byte[]>> sends) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequest,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * maxRequest,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000), new ByteArraySerializer(), new ByteArraySerializer())) {
            try {
                producer.initTransactions();
                producer.beginTransaction();
                sends.accept(producer);
                producer.commitTransaction();
            } catch (KafkaException e) {
                try {
                    producer.abortTransaction();
                } catch (KafkaException | IllegalStateException ignored) {
                    // not begun, or the producer is fenced: nothing was committed either way
                }
                throw new BusUnavailableException("Kafka did not commit " + what + ": " + e.getMessage(), e);
            } finally {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    private static <V> ProducerRecord<byte[], byte[]> bytes(Topic<String, V> topic, String key, V value) {
        return new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }
}
