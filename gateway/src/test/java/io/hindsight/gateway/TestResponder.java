package io.hindsight.gateway;

import io.hindsight.contracts.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A stand-in for the stages behind the gateway in its tests: reads some topics from the beginning on one thread,
 * keeps every record's value by topic and key, and lets the subclass answer. The real stages and the
 * end-to-end tests live in other modules.
 */
abstract class TestResponder implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, byte[]> seen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    TestResponder(String bootstrap, String name, List<String> topics) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        List<TopicPartition> tps = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        thread = new Thread(this::run, "test-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The last value seen on the topic under the key, or null. */
    byte[] record(String topic, String key) {
        return seen.get(topic + "/" + key);
    }

    /** Handles one record, on the responder's thread. */
    abstract void on(ConsumerRecord<String, byte[]> r);

    void send(String topic, String key, Object value) {
        producer.send(new ProducerRecord<>(topic, key, Json.write(value)));
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.put(r.topic() + "/" + r.key(), r.value());
                    on(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
