package io.hindsight.gateway.kafka;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.gateway.bus.BusUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
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
 * Hands each prediction to the HTTP request waiting for it. One thread per gateway reads every partition
 * of the task's predictions topic from its end (no consumer group: every gateway instance sees every
 * prediction), read_committed since the predictor writes transactionally. A record whose key no request
 * waits for is skipped without being parsed. Ready once it has its assignment and positions, so a request
 * registered after that cannot miss its answer.
 */
public final class ReplyConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplyConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Topic<String, PredictionRecord> topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final PendingReplies<PredictionRecord> pending = new PendingReplies<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean ready;
    private volatile boolean running = true;
    private boolean started;

    public ReplyConsumer(String bootstrapServers, Topic<String, PredictionRecord> topic, String clientId) {
        this.topic = topic;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // A long poll: with fetch.min.bytes 1 the broker answers the moment a transaction commits an answer
        // (measured: p50 7.2 ms at c=20 with 100 ms, 7.8 ms with 5 ms), and this only bounds an idle fetch. It was
        // 5 ms, which kept every idle task's reply consumer fetching 200 times a second for nothing.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "gateway-replies-" + topic.name());
        this.thread.setDaemon(true);
    }

    public synchronized ReplyConsumer start() {
        started = true;
        thread.start();
        return this;
    }

    /** True once every partition is assigned and positioned at its end. */
    public boolean isReady() {
        return ready;
    }

    PendingReplies.Waiting<PredictionRecord> register(String requestId) {
        return pending.register(requestId);
    }

    void release(String requestId, PendingReplies.Waiting<PredictionRecord> waiting) {
        pending.release(requestId, waiting);
    }

    public int pendingCount() {
        return pending.size();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = Partitions.await(consumer, List.of(topic.name()), () -> running, closing);
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            for (TopicPartition tp : partitions) {
                awaitPosition(tp);
            }
            ready = true;
            log.info("gateway reads replies from {} ({} partitions)", topic.name(), partitions.size());
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    dispatch(r);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("reply consumer of {} stopped: predict answers 503 from now on", topic.name(), e);
        } finally {
            ready = false;
            pending.failAll(new BusUnavailableException("the gateway's reply consumer stopped"));
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null || (r.key() != null && !pending.isWaiting(r.key()))) {
            return; // nobody here waits for it: another gateway's request, or a Kafka client's
        }
        PredictionRecord prediction;
        try {
            prediction = Json.read(r.value(), PredictionRecord.class);
        } catch (RuntimeException e) {
            log.warn("unreadable prediction at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        if (prediction.requestId() != null) {
            pending.complete(prediction.requestId(), prediction);
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
        if (!started) {
            consumer.close(Duration.ZERO);
            started = true; // closed: start() must not run a closed consumer
            running = false;
            return;
        }
        running = false;
        closing.countDown();
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
