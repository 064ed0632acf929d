package io.hindsight.joiner;

import io.hindsight.contracts.kafka.BatchedFetch;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the joiner's own committed output (scored, orphans, the feedback and predictions DLQs, metrics.rolling), and its
 * committed input predictions for the fallback count, with a
 * read_committed consumer and feeds the Micrometer meters: what the meters show is what downstream
 * consumers see, never an aborted attempt. No consumer group: every instance counts what it sees from the
 * moment it started (counters start at the end; metrics.rolling from one window back so gauges fill at once).
 * A record it cannot parse is logged and skipped: monitoring must not stop on one bad record.
 */
final class JoinerMetricsReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JoinerMetricsReader.class);

    private final JoinerConfig config;
    private final TaskTopics topics;
    private final MetricsDispatch dispatch;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    JoinerMetricsReader(String bootstrapServers, JoinerConfig config, JoinerMeters meters) {
        this.config = config;
        this.topics = Topics.of(config.task());
        this.dispatch = new MetricsDispatch(config, meters);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-metrics");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        BatchedFetch.apply(p, ""); // meters, scraped every few seconds: no need to fetch after every transaction
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "joiner-metrics-" + config.task().id());
        this.thread.setDaemon(true);
    }

    /** Fixes the start positions before returning, so nothing the joiner commits afterwards is missed. */
    JoinerMetricsReader start() {
        List<TopicPartition> fromEnd = partitions(topics.scored().name(), topics.orphans().name(), topics.feedback().dlq().name(),
                topics.predictions().dlq().name(), topics.predictions().name());
        List<TopicPartition> rolling = partitions(Topics.METRICS_ROLLING.name());
        List<TopicPartition> all = new ArrayList<>(fromEnd);
        all.addAll(rolling);
        consumer.assign(all);
        consumer.seekToEnd(fromEnd);
        seekOneWindowBack(rolling);
        all.forEach(consumer::position); // resolves the lazy seeks now, on this thread
        thread.start();
        return this;
    }

    private void seekOneWindowBack(List<TopicPartition> partitions) {
        long since = System.currentTimeMillis() - config.windowSize().toMillis() - config.grace().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        List<TopicPartition> none = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = found.get(tp);
            if (o == null) {
                none.add(tp);
            } else {
                consumer.seek(tp, o.offset());
            }
        }
        if (!none.isEmpty()) { // an empty list would mean every assigned partition, undoing the seeks above
            consumer.seekToEnd(none);
        }
    }

    private List<TopicPartition> partitions(String... names) {
        List<TopicPartition> tps = new ArrayList<>();
        for (String name : names) {
            List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                log.warn("topic {} not found; its metrics stay empty", name);
                continue;
            }
            infos.forEach(pi -> tps.add(new TopicPartition(pi.topic(), pi.partition())));
        }
        return tps;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    dispatch.dispatch(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("joiner metrics reader stopped; Prometheus gauges and counters freeze", e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Whether {@code haystack} holds {@code needle}: see {@link MetricsDispatch#contains}. */
    static boolean contains(byte[] haystack, byte[] needle) {
        return MetricsDispatch.contains(haystack, needle);
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(1)); // never started, or already stopped
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
