package io.hindsight.gateway.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on its own thread and hands each record to a callback: no consumer group,
 * so every gateway instance sees everything; read_committed, since the writers may be transactional (the game
 * processor runs exactly_once_v2). Reads from the end (a live view) or from the beginning (a ledger: promotions;
 * a compacted state: rps.games). A callback that throws skips the record, counted in {@link #skipped()}.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    /** Where the follower starts reading. */
    public enum From { BEGINNING, END }

    private final String topic;
    private final From from;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong skipped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile boolean caughtUp;
    private boolean started;

    public TopicFollower(String bootstrapServers, String topic, From from, String clientId,
                         Consumer<ConsumerRecord<String, byte[]>> handler) {
        this.topic = topic;
        this.from = from;
        this.handler = handler;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A long poll: the broker answers as soon as a record is committed (fetch.min.bytes 1); this bounds an
        // idle fetch only. A player waits for the next game state, so not the default 500 ms either.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "gateway-follow-" + topic);
        this.thread.setDaemon(true);
    }

    public synchronized TopicFollower start() {
        if (running && !started) {
            started = true;
            thread.start();
        }
        return this;
    }

    /** True once every partition is assigned and positioned: a record written after this is seen. */
    public boolean isReady() {
        return ready;
    }

    /** True once the records that existed when the follower started have been read. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    public long skipped() {
        return skipped.get();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = Partitions.await(consumer, List.of(topic), () -> running, closing);
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            if (from == From.END) {
                consumer.seekToEnd(partitions);
            } else {
                consumer.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            for (TopicPartition tp : partitions) {
                awaitPosition(tp);
            }
            ready = true;
            log.info("gateway follows {} ({} partitions) from its {}", topic, partitions.size(),
                    from == From.END ? "end" : "beginning");
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                if (!caughtUp) {
                    ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                    caughtUp = ends.isEmpty();
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("the follower of {} stopped", topic, e);
        } finally {
            ready = false;
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone: compaction's business
        }
        try {
            handler.accept(r);
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            log.warn("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    private void awaitPosition(TopicPartition tp) {
        while (running) {
            try {
                consumer.position(tp, Duration.ofSeconds(5));
                return;
            } catch (TimeoutException e) {
                log.debug("no position for {} yet: {}", tp, e.getMessage());
            }
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
