package io.hindsight.simulator;

import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces raw JSON records onto the task's requests and feedback topics, keyed by request id, the way any
 * Kafka client (kcat, Python, Go) may. A record counts as answered once the broker acknowledged it.
 */
public final class KafkaTarget implements Target {
    private final Producer<String, byte[]> producer;
    private final TaskTopics topics;
    private final Duration timeout;
    private final String bootstrap;

    KafkaTarget(Producer<String, byte[]> producer, TaskTopics topics, Duration timeout, String bootstrap) {
        this.producer = producer;
        this.topics = topics;
        this.timeout = timeout;
        this.bootstrap = bootstrap;
    }

    public static KafkaTarget create(String bootstrapServers, TaskTopics topics, Duration timeout, String clientId) {
        Topic<String, byte[]> requests = topics.requests();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                // records go one at a time, as a person's device would send them: no batching delay
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1_000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(Math.min(timeout.toMillis(), 30_000), 500));
        Producer<String, byte[]> producer = new KafkaProducer<>(config,
                requests.keySerde().serializer(), requests.valueSerde().serializer());
        return new KafkaTarget(producer, topics, timeout, bootstrapServers);
    }

    @Override
    public Outcome predict(String key, byte[] json) {
        return send(topics.requests(), key, json);
    }

    @Override
    public Outcome feedback(String key, byte[] json) {
        return send(topics.feedback(), key, json);
    }

    private Outcome send(Topic<String, byte[]> topic, String key, byte[] json) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, json)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Outcome.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        } catch (TimeoutException e) {
            return Outcome.failed("timeout");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Outcome.failed("kafka " + cause.getClass().getSimpleName());
        } catch (RuntimeException e) {
            return Outcome.failed("kafka " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String describe() {
        return "kafka " + bootstrap + " (" + topics.requests().name() + ", " + topics.feedback().name() + ")";
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
