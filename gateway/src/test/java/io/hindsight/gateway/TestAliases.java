package io.hindsight.gateway;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.topics.Topics;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts a Production alias on model-aliases, as a trainer would: the gateway answers "no model" (503) for a
 * task without one, so tests whose stand-in predictor answers must announce that a model serves.
 */
final class TestAliases {
    private TestAliases() {
    }

    static void production(String bootstrap, String task, String family, String version) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        AliasAssignment a = new AliasAssignment(task, family, Aliases.PRODUCTION, version, System.currentTimeMillis(), "test");
        try (KafkaProducer<String, AliasAssignment> producer = new KafkaProducer<>(p,
                Topics.MODEL_ALIASES.keySerde().serializer(), Topics.MODEL_ALIASES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.MODEL_ALIASES.name(), a.key(), a)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not write the Production alias", e);
        }
    }
}
