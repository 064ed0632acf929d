package io.hindsight.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hindsight.contracts.topics.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * strimzi/base as written, parsed with Strimzi's api module (io.strimzi:api, kafka.strimzi.io/v1; unknown fields
 * fail), checked against contracts' topic catalog and for a sound KRaft cluster. The kind overlay is checked
 * after rendering, in KustomizeRenderTest.
 */
class StrimziResourcesTest {
    static final String BASE = "strimzi/base";
    private static final List<HasMetadata> OBJECTS = Kustomize.resources(BASE);

    /** Compares: files under strimzi/ with the files some kustomization applies. */
    @Test
    void everyFileIsAppliedByAKustomization() {
        KubernetesManifestsTest.assertEveryFileReferenced("strimzi");
    }

    /** Compares: the parsed kinds with Strimzi's model classes: one Kafka, node pools, topics. */
    @Test
    void parsesWithStrimziModelClasses() {
        assertThat(ManifestChecks.of(OBJECTS, Kafka.class)).hasSize(1);
        assertThat(ManifestChecks.of(OBJECTS, KafkaNodePool.class)).isNotEmpty();
        assertThat(ManifestChecks.of(OBJECTS, KafkaTopic.class)).isNotEmpty();
        for (var f : Repo.files("strimzi", ".yaml")) {
            if (!f.getFileName().toString().equals("kustomization.yaml")) {
                assertThat(Repo.read(f)).as("%s uses the Strimzi 1.x API", Repo.relative(f))
                        .contains("apiVersion: " + KubeModels.STRIMZI_V1 + "\n").doesNotContain("v1beta2");
            }
        }
    }

    /** Compares: node pools, roles and replication settings with what a KRaft cluster of that size can hold. */
    @Test
    void clusterIsKraftWithNodePools() {
        StrimziChecks.cluster(OBJECTS);
    }

    /** Compares: every KafkaTopic with contracts' Topics.all(): names, partitions, config, nothing extra. */
    @Test
    void aKafkaTopicForEveryCatalogTopic() {
        StrimziChecks.topics(OBJECTS, Topics.all());
    }

    /** Compares: the dead-letter topics of the catalog with the KafkaTopics (they are part of Topics.all()). */
    @Test
    void deadLetterTopicsAreThere() {
        List<String> dlqs = Topics.all().stream().map(t -> t.name()).filter(n -> n.endsWith(".dlq")).toList();
        assertThat(dlqs).isNotEmpty();
        assertThat(ManifestChecks.of(OBJECTS, KafkaTopic.class).stream().map(StrimziChecks::topicName))
                .containsAll(dlqs);
    }
}
