package io.hindsight.app;

import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The model registry as the CLI reads it once: every version and alias on the compacted topics. */
record RegistrySnapshot(Map<String, ModelVersion> models, Map<String, AliasAssignment> aliases) {

    static RegistrySnapshot read(String bootstrapServers) {
        try (var m = new CompactedTopicView<>(Topics.MODELS, bootstrapServers, "hindsight-cli-models").start();
             var a = new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, "hindsight-cli-aliases").start()) {
            if (!m.awaitCaughtUp(Duration.ofSeconds(60)) || !a.awaitCaughtUp(Duration.ofSeconds(60))) {
                throw new IllegalStateException("could not read the model registry at " + bootstrapServers);
            }
            return new RegistrySnapshot(Map.copyOf(m.snapshot()), Map.copyOf(a.snapshot()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The model bytes of a version, read from model-artifacts. */
    static byte[] artifact(String bootstrapServers, ModelVersion version) {
        try (var v = new CompactedTopicView<>(Topics.MODEL_ARTIFACTS, bootstrapServers, "hindsight-cli-artifacts").start()) {
            if (!v.awaitCaughtUp(Duration.ofSeconds(60))) {
                throw new IllegalStateException("could not read model-artifacts at " + bootstrapServers);
            }
            byte[] bytes = v.get(version.artifactSha256());
            if (bytes == null) {
                throw new IllegalStateException("no artifact " + version.artifactSha256() + " for " + version.version());
            }
            return bytes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Aliases pointing at a version, as "alias" names. */
    List<String> aliasesOf(String version) {
        List<String> out = new ArrayList<>();
        for (AliasAssignment a : aliases.values()) {
            if (a.version().equals(version)) {
                out.add(a.alias());
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    List<ModelVersion> versions(String task) {
        return models.values().stream().filter(m -> task == null || task.equals(m.task()))
                .sorted(Comparator.comparing(ModelVersion::task).thenComparing(ModelVersion::createdAt)).toList();
    }
}
