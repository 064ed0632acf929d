package io.hindsight.contracts.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import io.hindsight.contracts.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value per key of a compacted topic (models, model-aliases, model-artifacts), kept in memory by
 * one thread reading every partition from the start. Each stage that needs the registry keeps its own view:
 * no consumer group, so every instance sees everything. Tombstones remove the key. A record that does not
 * deserialize is skipped and counted ({@link #skipped()}), never fatal: one bad write to a registry topic
 * must not freeze every reader. A topic that does not exist yet is waited for.
 */
public final class CompactedTopicView<K, V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CompactedTopicView.class);

    private final Topic<K, V> topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<K, V> values = new ConcurrentHashMap<>();
    private final List<BiConsumer<K, V>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

    public CompactedTopicView(Topic<K, V> topic, String bootstrapServers, String clientId) {
        this.topic = topic;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "view-" + topic.name());
        this.thread.setDaemon(true);
    }

    public CompactedTopicView<K, V> start() {
        thread.start();
        return this;
    }

    /** Called for every record read (value null for a tombstone), on the view's thread. */
    public void onChange(BiConsumer<K, V> listener) {
        listeners.add(listener);
    }

    public Map<K, V> snapshot() {
        return Map.copyOf(values);
    }

    public V get(K key) {
        return values.get(key);
    }

    /** Records that did not deserialize and were skipped. */
    public long skipped() {
        return skipped.get();
    }

    /** Non-null if the view's thread stopped for good (its reader should report itself unready). */
    public Throwable failure() {
        return failure;
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Waits until everything that was on the topic when the view started has been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    apply(raw);
                }
                if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            log.error("view of {} stopped", topic.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> raw) {
        K key;
        V value;
        try {
            key = topic.keySerde().deserializer().deserialize(topic.name(), raw.key());
            value = raw.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), raw.value());
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            log.warn("skipping unreadable record {}-{}@{}: {}", topic.name(), raw.partition(), raw.offset(), e.getMessage());
            return;
        }
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        for (BiConsumer<K, V> l : listeners) {
            try {
                l.accept(key, value);
            } catch (RuntimeException e) {
                log.warn("listener on {} failed for key {}", topic.name(), key, e);
            }
        }
    }

    /** Waits for the topic to exist: a reader may start before the topics are created. */
    private List<TopicPartition> partitions() throws InterruptedException {
        while (running) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException | org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
                infos = List.of();
            }
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> tps = new ArrayList<>();
                for (PartitionInfo pi : infos) {
                    tps.add(new TopicPartition(pi.topic(), pi.partition()));
                }
                return tps;
            }
            Thread.sleep(500); // topic not created yet: look again
        }
        return List.of();
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
    }
}
