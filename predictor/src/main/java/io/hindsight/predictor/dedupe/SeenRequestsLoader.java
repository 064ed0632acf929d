package io.hindsight.predictor.dedupe;

import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds {@link SeenRequests} after a partition assignment, so dedupe survives a crash: reads the
 * committed, non-replay predictions of the last horizon from the given partitions of the predictions
 * topic, up to their last stable offset. Requests and predictions are both keyed by request id and have
 * the same partition count, so request partition n's ids live on predictions partition n.
 */
public final class SeenRequestsLoader {
    private static final Logger log = LoggerFactory.getLogger(SeenRequestsLoader.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Topic<String, PredictionRecord> predictions;
    private final Duration horizon;

    public SeenRequestsLoader(String bootstrapServers, Topic<String, PredictionRecord> predictions, Duration horizon) {
        this.bootstrapServers = bootstrapServers;
        this.predictions = predictions;
        this.horizon = horizon;
    }

    /** Adds what it reads to {@code seen}; returns the number of predictions read. */
    public int load(Collection<Integer> partitions, SeenRequests seen, long nowMs) {
        if (partitions.isEmpty()) {
            return 0;
        }
        long t0 = System.nanoTime();
        List<TopicPartition> tps = new ArrayList<>();
        partitions.forEach(p -> tps.add(new TopicPartition(predictions.name(), p)));
        int read = 0;
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.assign(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, TIMEOUT); // read_committed: last stable offsets
            seekToHorizon(consumer, tps, nowMs - horizon.toMillis(), ends);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!readToEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + predictions.name() + " " + partitions + " within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    PredictionRecord p = parse(r);
                    if (p != null && p.requestId() != null && !p.replay()) { // junk written by another client: no id, nothing to replay
                        seen.add(p);
                        read++;
                    }
                }
            }
        } finally {
            // No group to leave and nothing to commit: waiting would only wait out an idle fetch (fetch.max.wait.ms).
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
        seen.evictExpired(nowMs);
        log.info("dedupe rebuilt from {} partitions {}: {} predictions in {} ms, {} ids remembered", predictions.name(),
                partitions, read, (System.nanoTime() - t0) / 1_000_000, seen.size());
        return read;
    }

    private static void seekToHorizon(KafkaConsumer<?, ?> consumer, List<TopicPartition> tps, long fromMs, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> query = new HashMap<>();
        tps.forEach(tp -> query.put(tp, Math.max(0, fromMs)));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, TIMEOUT);
        for (TopicPartition tp : tps) {
            OffsetAndTimestamp o = found.get(tp);
            consumer.seek(tp, o == null ? ends.get(tp) : o.offset()); // null: nothing newer than the horizon
        }
    }

    /** True when every partition is read to its end; pauses those that are, as an idle partition would hold each fetch for fetch.max.wait.ms. */
    private static boolean readToEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        boolean all = true;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) >= e.getValue()) {
                consumer.pause(List.of(e.getKey()));
            } else {
                all = false;
            }
        }
        return all;
    }

    private PredictionRecord parse(ConsumerRecord<byte[], byte[]> r) {
        try {
            return predictions.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            // Only the predictor writes this topic; an unreadable record cannot be a prediction to replay.
            log.warn("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    private Properties config() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hindsight-predictor-dedupe-loader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return p;
    }
}
