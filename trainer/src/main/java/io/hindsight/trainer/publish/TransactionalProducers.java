package io.hindsight.trainer.publish;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;

/** What every all-or-nothing writer of the trainer shares: a transactional, idempotent bytes producer. */
public final class TransactionalProducers {
    private TransactionalProducers() {
    }

    /** acks=all, idempotent, byte keys and values; callers add their batching and size settings. */
    public static Properties base(String bootstrapServers, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Aborts after a failure; an abort that fails too is logged, the first failure is the one reported. */
    public static void abortQuietly(KafkaProducer<?, ?> producer, Logger log, String what) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            log.warn("abort after a failed {} also failed: {}", what, e.getMessage());
        }
    }
}
