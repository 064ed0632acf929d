package io.hindsight.predictor;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka client settings of the request path, in one place. */
final class PredictorClients {
    private PredictorClients() {
    }

    static Producer<byte[], byte[]> kafkaProducer(Properties config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static Properties producerConfig(PredictorConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // request path: Kafka 4 would wait 5 ms per batch
        // With linger 0 a batch holds what piled up while the previous request was in flight: nothing changes for
        // a few requests, but a backlog's 2,000-record transaction went out in 16 KB batches, and its commit
        // waited for every one of them to be acknowledged.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // Right after a commit the broker may still be writing its markers; the next transaction's first send
        // is then answered CONCURRENT_TRANSACTIONS and retried after retry.backoff.ms. The default (100 ms) put a
        // 100 ms step into p99 of the request path; 5 ms keeps the retry cheap and the tail flat.
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "5");
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        // A crashed instance's open transaction blocks read_committed readers until this timeout.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "30000");
        return p;
    }

    /** Requests are read as bytes, key included: a dead letter carries the original key and value unchanged. */
    static Properties consumerConfig(PredictorConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.transactionalId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // requests sent before the first start are served
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxPollRecords()));
        return p;
    }
}
