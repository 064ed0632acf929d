package io.hindsight.gateway.kafka;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.dashboard.RollingHistory;
import io.hindsight.gateway.digits.DigitsAccuracy;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link DigitsAccuracy} from {@code digits.scored} and {@code metrics.rolling}, and the dashboard's
 * {@link RollingHistory} (every task) from {@code metrics.rolling}: one thread, every
 * partition from the beginning, read_committed (the joiner writes exactly once), no consumer group, so every
 * gateway instance counts everything. A record that does not deserialize is skipped and counted.
 */
public final class AccuracyFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccuracyFollower.class);
    private static final Topic<String, ScoredRecord> SCORED = Topics.of(Task.DIGITS).scored();
    private static final Topic<String, RollingMetrics> ROLLING = Topics.METRICS_ROLLING;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DigitsAccuracy accuracy;
    private final RollingHistory history;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong skipped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean started;

    public AccuracyFollower(String bootstrapServers, String clientId, DigitsAccuracy accuracy) {
        this(bootstrapServers, clientId, accuracy, null);
    }

    /** @param history also fed with every metrics.rolling record and its timestamp; null: not fed */
    public AccuracyFollower(String bootstrapServers, String clientId, DigitsAccuracy accuracy, RollingHistory history) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.accuracy = accuracy;
        this.history = history;
        this.thread = new Thread(this::run, "gateway-digits-accuracy");
        this.thread.setDaemon(true);
    }

    public synchronized AccuracyFollower start() {
        if (running && !started) {
            started = true;
            thread.start();
        }
        return this;
    }

    /** Records that did not deserialize. */
    public long skipped() {
        return skipped.get();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = Partitions.await(consumer, List.of(SCORED.name(), ROLLING.name()),
                    () -> running, closing);
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            log.info("gateway counts digits accuracy from {} and {}", SCORED.name(), ROLLING.name());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("digits accuracy reader stopped: /v1/digits/accuracy no longer changes", e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            if (r.topic().equals(SCORED.name())) {
                accuracy.scored(SCORED.valueSerde().deserializer().deserialize(r.topic(), r.value()));
            } else {
                RollingMetrics m = ROLLING.valueSerde().deserializer().deserialize(r.topic(), r.value());
                accuracy.rolling(m);
                if (history != null) {
                    history.add(m, r.timestamp());
                }
            }
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            log.warn("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        closing.countDown();
        if (!started) {
            consumer.close(Duration.ZERO);
            started = true; // closed: never start
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
