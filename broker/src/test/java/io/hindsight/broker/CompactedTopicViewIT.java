package io.hindsight.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A registry view outlives a bad record and a topic that did not exist when it started. */
class CompactedTopicViewIT {

    @Test
    void waitsForTheTopicSkipsUnreadableRecordsAndAppliesTombstones() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.temporary().start();
             CompactedTopicView<String, AliasAssignment> view =
                     new CompactedTopicView<>(Topics.MODEL_ALIASES, kafka.bootstrapServers(), "test-view").start()) {
            TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(30));
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                String topic = Topics.MODEL_ALIASES.name();
                producer.send(new ProducerRecord<>(topic, "calories/xgboost/B", "{not json".getBytes())).get();
                AliasAssignment a = new AliasAssignment("calories", "xgboost", "Production", "v1", 1L, "test");
                producer.send(new ProducerRecord<>(topic, a.key(), Json.write(a))).get();
                AliasAssignment b = new AliasAssignment("calories", "xgboost", "shadow1", "v2", 2L, "test");
                producer.send(new ProducerRecord<>(topic, b.key(), Json.write(b))).get();
                producer.send(new ProducerRecord<>(topic, b.key(), null)).get();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(view.skipped()).isEqualTo(1);
                    assertThat(view.snapshot()).containsOnlyKeys(a.key());
                });
                assertThat(view.get(a.key())).isEqualTo(a);
                assertThat(view.failure()).isNull();
            }
        }
    }
}
