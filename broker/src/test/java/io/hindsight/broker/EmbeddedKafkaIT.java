package io.hindsight.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    @Test
    void createsEveryCatalogTopicAndKeepsDataAcrossRestart() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.temporary().start();
        List<String> created;
        try {
            created = TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(30));
            assertThat(created).hasSize(Topics.all().size());
        } finally {
            kafka.close();
        }
        // Same folder again: already formatted, topics still there, nothing to create.
        EmbeddedKafka again = new EmbeddedKafka(kafka.dataDir(), EmbeddedKafka.freePort(), EmbeddedKafka.freePort()).start();
        try {
            assertThat(TopicProvisioner.ensure(again.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(30))).isEmpty();
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                assertThat(admin.listTopics().names().get()).contains("calories.requests", "calories.requests.dlq", "models");
            }
        } finally {
            again.close();
        }
    }
}
