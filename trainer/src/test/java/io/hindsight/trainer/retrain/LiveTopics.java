package io.hindsight.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test helpers for the retraining ITs: writes live records and ledger decisions, reads ends and compacted topics. */
final class LiveTopics implements AutoCloseable {
    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;

    LiveTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void send(String topic, long ts, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, null, ts, key, value));
    }

    void flush() {
        producer.flush();
    }

    /** Appends a decision to the promotions ledger, as the promotion role does. */
    void decide(PromotionDecision d) throws Exception {
        producer.send(new ProducerRecord<>(Topics.PROMOTIONS.name(), PromotionDecision.key(d.task(), d.family()),
                Topics.PROMOTIONS.valueSerde().serializer().serialize(Topics.PROMOTIONS.name(), d))).get();
    }

    /** Every non-empty partition of each topic as [0, end), in topic then partition order (as the live datasets record them). */
    List<TrainingRange> ends(String... topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<TrainingRange> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> tps = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
                c.assign(tps);
                Map<TopicPartition, Long> ends = c.endOffsets(tps, Duration.ofSeconds(30));
                for (TopicPartition tp : tps) {
                    if (ends.get(tp) > 0) {
                        out.add(new TrainingRange(topic, tp.partition(), 0, ends.get(tp)));
                    }
                }
            }
        }
        return out;
    }

    <V> Map<String, V> snapshot(Topic<String, V> topic) {
        try (CompactedTopicView<String, V> v = new CompactedTopicView<>(topic, bootstrapServers, "it-" + topic.name()).start()) {
            assertThat(v.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            return v.snapshot();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
