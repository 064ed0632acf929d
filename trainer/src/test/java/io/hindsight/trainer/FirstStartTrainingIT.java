package io.hindsight.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** First start against a real (embedded KRaft) broker: trains once, publishes transactionally, then no-ops. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstStartTrainingIT {
    private static final CaloriesTrainerConfig PRODUCTION = CaloriesTrainerConfig.defaults().withTrees(60);
    private static final CaloriesTrainerConfig SHADOW = CaloriesTrainerConfig.shadow().withTrees(20);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void firstStartPublishesProductionAndShadow1() {
        FirstStartResult result = FirstStartTraining.ensureCaloriesModels(kafka.bootstrapServers(), 3_000, 5L, PRODUCTION, SHADOW);

        assertThat(result.trained()).isTrue();
        assertThat(result.published()).hasSize(2).doesNotHaveDuplicates();
        String production = result.published().get(0);
        String shadow = result.published().get(1);
        try (var aliases = view(Topics.MODEL_ALIASES); var models = view(Topics.MODELS); var artifacts = view(Topics.MODEL_ARTIFACTS)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(aliases.get(AliasAssignment.key("calories", "xgboost", Aliases.PRODUCTION)).version()).isEqualTo(production);
                assertThat(aliases.get(AliasAssignment.key("calories", "xgboost", Aliases.SHADOW1)).version()).isEqualTo(shadow);
                assertThat(models.snapshot()).containsKeys(production, shadow);
            });
            for (String version : result.published()) {
                ModelVersion meta = models.get(version);
                byte[] bytes = artifacts.get(meta.artifactSha256());
                assertThat(bytes).as("artifact of " + version).isNotNull();
                assertThat(Sha256.hex(bytes)).isEqualTo(meta.artifactSha256());
                assertThat(meta.provenance()).containsEntry("dataSource", "generator:keytel2005 seed=5 n=3000");
            }
            // The shadow is the cheaper configuration: its provenance says so.
            assertThat((Map<String, Object>) models.get(shadow).provenance().get("config")).containsEntry("trees", 20).containsEntry("maxDepth", 3);
        }
    }

    @Test
    @Order(2)
    void secondStartFindsProductionAndDoesNothing() {
        FirstStartResult result = FirstStartTraining.ensureCaloriesModels(kafka.bootstrapServers(), 3_000, 5L, PRODUCTION, SHADOW);

        assertThat(result.trained()).isFalse();
        assertThat(result.published()).isEmpty();
    }

    private static <V> CompactedTopicView<String, V> view(io.hindsight.contracts.topics.Topic<String, V> topic) {
        CompactedTopicView<String, V> v = new CompactedTopicView<>(topic, kafka.bootstrapServers(), "it-" + topic.name()).start();
        try {
            assertThat(v.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return v;
    }
}
