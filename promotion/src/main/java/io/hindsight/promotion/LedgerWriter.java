package io.hindsight.promotion;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a ledger entry and the alias moves it decided in one Kafka transaction: a reader of
 * {@code promotions} never sees a promotion whose aliases did not move, and a predictor never sees aliases
 * move without the entry that explains why. Records have the shape the trainer's ModelPublisher writes
 * (key {@link AliasAssignment#key()}, JSON value). Used from one thread at a time.
 */
final class LedgerWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);

    private final KafkaProducer<byte[], byte[]> producer;

    LedgerWriter(String bootstrapServers, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Duration.ofSeconds(60).toMillis()));
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.producer.initTransactions();
    }

    /**
     * Appends {@code decision} and moves {@code aliases}, all or nothing. Throws on failure; a fenced or
     * otherwise fatal producer throws {@link FatalWriterException}, after which this writer is unusable.
     */
    void append(PromotionDecision decision, List<AliasAssignment> aliases) {
        try {
            producer.beginTransaction();
            producer.send(record(Topics.PROMOTIONS, PromotionDecision.key(decision.task(), decision.family()), decision));
            for (AliasAssignment a : aliases) {
                producer.send(record(Topics.MODEL_ALIASES, a.key(), a));
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw new FatalWriterException("promotion writer cannot go on (another promotion role took over?): " + e.getMessage(), e);
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abort) {
                log.warn("abort after a failed ledger append also failed: {}", abort.getMessage());
            }
            throw new IllegalStateException("could not append " + decision.outcome() + " for "
                    + PromotionDecision.key(decision.task(), decision.family()) + ": " + e.getMessage(), e);
        }
    }

    private static <K, V> ProducerRecord<byte[], byte[]> record(Topic<K, V> topic, K key, V value) {
        return new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** The producer is fenced or broken for good: the role reports failure and the app restarts it. */
    static final class FatalWriterException extends RuntimeException {
        FatalWriterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
