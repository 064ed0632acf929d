package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaTargetTest {

    @Test
    void producesRawJsonKeyedByIdOntoTheCatalogTopics() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        CaloriesRecord r = new CaloriesGenerator(1).next().record();
        try (KafkaTarget target = new KafkaTarget(producer, Topics.calories(), Duration.ofSeconds(1), "mock")) {
            assertThat(target.predict("run-0", WireJson.request("run-0", r)).isOk()).isTrue();
            assertThat(target.feedback("run-0", WireJson.feedback("run-0", 12.5, 1_000L)).isOk()).isTrue();
        }
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsExactly("calories.requests", "calories.feedback");
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("run-0", "run-0");
        assertThat(sent.get(0).value()).isEqualTo(WireJson.request("run-0", r));
        assertThat(sent.get(1).value()).isEqualTo(WireJson.feedback("run-0", 12.5, 1_000L));
    }

    @Test
    void aFailedSendIsCountedByKind() {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("no broker");
        try (KafkaTarget target = new KafkaTarget(producer, Topics.calories(), Duration.ofSeconds(1), "mock")) {
            assertThat(target.predict("k", new byte[] {'{', '}'}).errorKind()).isEqualTo("kafka TimeoutException");
        }
    }
}
