package io.hindsight.promotion;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every task's {@code <task>.scored} from the beginning into an {@link EvidenceStore}: assigned
 * partitions, no consumer group and no committed offsets, because the evidence is rebuilt from the topic on
 * every start. read_committed: the joiner writes exactly-once, aborted attempts are not evidence.
 * {@link #drain} reads up to the end offsets as of its call, so an evaluation sees everything committed
 * before it began. A topic that does not exist yet is looked up again on the next drain. Used from one
 * thread at a time.
 */
final class ScoredReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScoredReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final List<Task> tasks;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private long skipped;

    ScoredReader(String bootstrapServers, List<Task> tasks, String clientId) {
        this.tasks = List.copyOf(tasks);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Folds everything committed up to now into {@code store}; gives up after {@code timeout}, keeping what it read. */
    void drain(EvidenceStore store, Duration timeout) {
        refreshAssignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(ends)) {
            if (System.nanoTime() > deadline) {
                log.warn("scored topics not read to their end within {}; evaluating on what was read", timeout);
                return;
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                fold(store, r);
            }
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void fold(EvidenceStore store, ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            Topic<String, ScoredRecord> topic = Topics.of(Task.fromId(r.topic().substring(0, r.topic().indexOf('.')))).scored();
            store.add(topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
        } catch (RuntimeException e) {
            // Evidence must not stop on one bad record; it is left out and counted.
            skipped++;
            log.warn("skipped unreadable scored record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
        }
    }

    /** New partitions (a topic created since) start from the beginning; assigned ones keep their position. */
    private void refreshAssignment() {
        List<TopicPartition> found = new ArrayList<>();
        for (Task task : tasks) {
            String name = Topics.of(task).scored().name();
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(name, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                infos = List.of();
            }
            if (infos != null) {
                infos.forEach(pi -> found.add(new TopicPartition(pi.topic(), pi.partition())));
            }
        }
        List<TopicPartition> fresh = found.stream().filter(tp -> !assigned.contains(tp)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        assigned.addAll(fresh);
        consumer.assign(assigned);
        consumer.seekToBeginning(fresh);
    }

    /** Records that did not deserialize. */
    long skipped() {
        return skipped;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
