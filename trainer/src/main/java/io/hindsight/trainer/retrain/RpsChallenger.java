package io.hindsight.trainer.retrain;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.rps.RpsTrainedModel;
import io.hindsight.trainer.rps.RpsTraining;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rps: each family's B configuration ({@code RpsSweep}) trained through {@code RpsEvaluation} on every committed
 * round of {@code rps.rounds} (synthetic and live) and published as B. New records are rounds; nothing is due until
 * all twelve aliases (3 families x 4) exist. The promotion role then judges B on the games it wins.
 */
public final class RpsChallenger implements Challenger {
    private static final Logger log = LoggerFactory.getLogger(RpsChallenger.class);

    private final String bootstrapServers;
    private final Path djlCacheDir;
    private final String codeVersion;

    /**
     * @param djlCacheDir where DJL keeps libtorch (brian); null for DJL's default
     * @param codeVersion the build version stored with each model; may be null
     */
    public RpsChallenger(String bootstrapServers, Path djlCacheDir, String codeVersion) {
        this.bootstrapServers = bootstrapServers;
        this.djlCacheDir = djlCacheDir;
        this.codeVersion = codeVersion;
    }

    @Override
    public Task task() {
        return Task.RPS;
    }

    @Override
    public List<String> families() {
        return RpsRules.FAMILIES;
    }

    @Override
    public List<String> requiredAliases() {
        List<String> keys = new ArrayList<>();
        for (String family : RpsRules.FAMILIES) {
            for (String alias : Aliases.ALL) {
                keys.add(AliasAssignment.key(Task.RPS.id(), family, alias));
            }
        }
        return List.copyOf(keys);
    }

    @Override
    public String countedTopic() {
        return Topics.RPS_ROUNDS.name();
    }

    @Override
    public Optional<ModelVersion> trainAndPublish(String family) {
        RpsTrainedModel m = RpsTraining.trainAndPublish(bootstrapServers, family, Aliases.B, List.of(), null, djlCacheDir,
                codeVersion, TrainingProgress.NONE);
        log.info("published rps challenger {} as B: hold-out accuracy {}", m.version(), m.metadata().metrics().get("holdoutAccuracy"));
        return Optional.of(m.metadata());
    }
}
