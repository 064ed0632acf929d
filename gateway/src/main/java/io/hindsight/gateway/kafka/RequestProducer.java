package io.hindsight.gateway.kafka;

import io.hindsight.gateway.bus.BusUnavailableException;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;

/**
 * The gateway's one producer, shared by every route: idempotent, acks=all, linger.ms=0 (Kafka 4 defaults to
 * 5 ms, which every request would pay). send() is called on the HTTP thread: it does not block once the
 * topic's metadata is known, which {@link #warm} makes sure of before the routes report ready, and
 * max.block.ms bounds the rare case where it is not.
 */
public final class RequestProducer implements AutoCloseable {
    static final Duration MAX_BLOCK = Duration.ofMillis(500);

    private final KafkaProducer<String, byte[]> producer;

    public RequestProducer(String bootstrapServers, String clientId, Duration deliveryTimeout) {
        int requestTimeoutMs = (int) Math.max(1000, Math.min(30_000, deliveryTimeout.toMillis()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(MAX_BLOCK.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(requestTimeoutMs));
        // delivery.timeout.ms >= linger.ms + request.timeout.ms; a record older than that fails instead of lingering
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(requestTimeoutMs));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Completes empty once every in-sync replica has the record; fails with {@link BusUnavailableException}. */
    public Mono<Void> send(String topic, String key, byte[] value) {
        return Mono.create(sink -> {
            try {
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                    if (e == null) {
                        sink.success();
                    } else {
                        sink.error(new BusUnavailableException("Kafka did not take the record: " + e.getMessage(), e));
                    }
                });
            } catch (KafkaException e) {
                sink.error(new BusUnavailableException("Kafka did not take the record: " + e.getMessage(), e));
            }
        });
    }

    /** Fetches the topic's metadata so that send() need not wait for it; false if Kafka does not know the topic yet. */
    public boolean warm(String topic) {
        try {
            return !producer.partitionsFor(topic).isEmpty();
        } catch (KafkaException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
