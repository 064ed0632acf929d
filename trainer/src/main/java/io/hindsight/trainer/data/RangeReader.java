package io.hindsight.trainer.data;

import io.hindsight.contracts.model.TrainingRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads exact offset ranges of a few topics, read_committed, as raw records: what the live datasets
 * (calories and digits requests joined with their feedback) are made of. Deterministic for given ranges:
 * records inside each range [start, end), aborted records and transaction markers skipped (they stay aborted),
 * each partition's ranges read in the given order.
 */
public final class RangeReader {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private RangeReader() {
    }

    /** One record as read: where it was, its timestamp and its value's bytes. */
    public record Raw(String topic, int partition, long offset, long timestamp, byte[] value) {
    }

    /**
     * The ranges to read: with {@code ranges} empty (or null), every non-empty partition of {@code topics} from its
     * log start to its last stable offset (topic order, then partition order); otherwise {@code ranges} as given,
     * each checked to be a partition of one of the topics and readable now.
     *
     * @throws IllegalArgumentException a topic that does not exist, a range of another topic, or one not readable
     */
    public static List<TrainingRange> resolve(String bootstrapServers, List<String> topics, List<TrainingRange> ranges,
                                              String clientId) {
        List<TopicPartition> all = new ArrayList<>();
        Map<TopicPartition, Long> first;
        Map<TopicPartition, Long> stable;
        try (KafkaConsumer<byte[], byte[]> lookup = consumer(bootstrapServers, clientId)) {
            for (String topic : topics) {
                List<PartitionInfo> infos = lookup.partitionsFor(topic, TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalArgumentException("topic " + topic + " does not exist");
                }
                infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                        .sorted(Comparator.comparingInt(TopicPartition::partition)).forEach(all::add);
            }
            lookup.assign(all); // before asking for offsets: read_committed lookups want assigned partitions
            first = lookup.beginningOffsets(all, TIMEOUT);
            stable = lookup.endOffsets(all, TIMEOUT); // read_committed: the LSO
        }
        List<TrainingRange> wanted = new ArrayList<>();
        if (ranges == null || ranges.isEmpty()) {
            for (TopicPartition tp : all) {
                if (stable.get(tp) > first.get(tp)) { // an empty partition has nothing to record
                    wanted.add(new TrainingRange(tp.topic(), tp.partition(), first.get(tp), stable.get(tp)));
                }
            }
            return wanted;
        }
        for (TrainingRange r : ranges) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (!all.contains(tp)) {
                throw new IllegalArgumentException("not a partition of " + String.join(" or ", topics) + ": " + r);
            }
            if (r.startOffset() < first.get(tp) || r.endOffset() > stable.get(tp) || r.endOffset() < r.startOffset()) {
                throw new IllegalArgumentException(r + " is not readable (" + tp + " starts at " + first.get(tp)
                        + ", last stable offset " + stable.get(tp) + ")");
            }
            wanted.add(r);
        }
        return wanted;
    }

    /**
     * Reads {@code ranges} (already {@link #resolve resolved}): rounds of at most one range per partition, read
     * together. Returns the records by topic, each list in read order (per partition, offset order).
     */
    public static Map<String, List<Raw>> read(String bootstrapServers, List<TrainingRange> ranges, String clientId) {
        Map<String, List<Raw>> out = new LinkedHashMap<>();
        for (TrainingRange r : ranges) {
            out.computeIfAbsent(r.topic(), t -> new ArrayList<>());
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, clientId)) {
            List<TrainingRange> pending = new ArrayList<>(ranges.stream().filter(r -> r.endOffset() > r.startOffset()).toList());
            while (!pending.isEmpty()) {
                Map<TopicPartition, TrainingRange> round = new LinkedHashMap<>();
                for (Iterator<TrainingRange> it = pending.iterator(); it.hasNext(); ) {
                    TrainingRange r = it.next();
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (!round.containsKey(tp)) {
                        round.put(tp, r);
                        it.remove();
                    }
                }
                consumer.assign(round.keySet());
                round.forEach((tp, r) -> consumer.seek(tp, r.startOffset()));
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (round.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue().endOffset())) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("reading " + round.values() + " took longer than " + TIMEOUT);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        TrainingRange range = round.get(new TopicPartition(r.topic(), r.partition()));
                        if (r.offset() >= range.startOffset() && r.offset() < range.endOffset()) {
                            out.get(r.topic()).add(new Raw(r.topic(), r.partition(), r.offset(), r.timestamp(), r.value()));
                        }
                    }
                    round.forEach((tp, range) -> {
                        if (consumer.position(tp) >= range.endOffset()) {
                            consumer.pause(List.of(tp));
                        }
                    });
                }
            }
        }
        return out;
    }

    /** "kafka:topic-partition[start,end)+..." for provenance and Tribuo's data source. */
    public static String describe(List<TrainingRange> ranges) {
        List<String> parts = new ArrayList<>();
        for (TrainingRange r : ranges) {
            parts.add(r.topic() + "-" + r.partition() + "[" + r.startOffset() + "," + r.endOffset() + ")");
        }
        return "kafka:" + String.join("+", parts);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
