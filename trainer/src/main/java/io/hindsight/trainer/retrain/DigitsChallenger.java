package io.hindsight.trainer.retrain;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.trainer.digits.DigitsDataset;
import io.hindsight.trainer.digits.DigitsEvaluation;
import io.hindsight.trainer.digits.DigitsLiveDataset;
import io.hindsight.trainer.digits.DigitsMetrics;
import io.hindsight.trainer.digits.DigitsTrainedModel;
import io.hindsight.trainer.digits.DigitsXgbConfig;
import io.hindsight.trainer.digits.DigitsXgbTrainer;
import io.hindsight.trainer.digits.OnnxCnnExport;
import io.hindsight.trainer.publish.ModelPublisher;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * digits: the B configuration (XGBoost on pixels) trained on {@code digits.training} (its first N train digits; the
 * holdout split scores it) plus every labelled live drawing — {@code digits.requests} joined with
 * {@code digits.feedback} ({@link DigitsLiveDataset}) — through {@link DigitsEvaluation}'s three steps, and published
 * as B with the exact ranges of all three topics. New records are feedback records; nothing is due until the first
 * start's CNN Production and XGBoost B exist. New feedback that joins no drawing: not trained (logged at INFO), the
 * model would be the one already there.
 */
public final class DigitsChallenger implements Challenger {
    /** Its own transactional id: it cannot fence the first start, the CLI or another task's publisher. */
    public static final String TRANSACTIONAL_ID = "hindsight-model-publisher-digits-retrainer";
    private static final Logger log = LoggerFactory.getLogger(DigitsChallenger.class);

    private final String bootstrapServers;
    private final DigitsXgbConfig config;
    private final String codeVersion;

    /** @param codeVersion the build version stored with each model; may be null */
    public DigitsChallenger(String bootstrapServers, DigitsXgbConfig config, String codeVersion) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.codeVersion = codeVersion;
    }

    @Override
    public Task task() {
        return Task.DIGITS;
    }

    @Override
    public List<String> families() {
        return List.of(DigitsXgbTrainer.FAMILY);
    }

    @Override
    public List<String> requiredAliases() {
        return List.of(AliasAssignment.key(Task.DIGITS.id(), OnnxCnnExport.FAMILY, Aliases.PRODUCTION),
                AliasAssignment.key(Task.DIGITS.id(), DigitsXgbTrainer.FAMILY, Aliases.B));
    }

    @Override
    public String countedTopic() {
        return DigitsLiveDataset.FEEDBACK;
    }

    @Override
    public Optional<ModelVersion> trainAndPublish(String family) {
        DigitsLiveDataset live = DigitsLiveDataset.read(bootstrapServers);
        if (live.drawings().count() == 0) {
            log.info("digits challenger not trained: no labelled drawing in {} ({}); it would be the model already there",
                    live.source(), live.counts());
            return Optional.empty();
        }
        DigitsDataset training = DigitsDataset.read(bootstrapServers);
        DigitsTrainedModel model = new DigitsXgbTrainer(config).train(training, live, codeVersion);
        new ModelPublisher(bootstrapServers, TRANSACTIONAL_ID).publish(model.metadata(), model.artifact(), List.of(Aliases.B),
                "retrained on policy: " + training.source() + " + " + live.drawings().count() + " live drawings " + live.source());
        log.info("published digits challenger {} as B: holdout accuracy {}, chronological {}, validation {}, CV {} +- {}",
                model.version(), model.metadata().metrics().get(DigitsMetrics.HOLDOUT_ACCURACY),
                model.metadata().metrics().get(DigitsEvaluation.CHRONOLOGICAL_ACCURACY),
                model.metadata().metrics().get(DigitsEvaluation.VALIDATION_ACCURACY),
                model.metadata().metrics().get(DigitsEvaluation.CV_ACCURACY_MEAN),
                model.metadata().metrics().get(DigitsEvaluation.CV_ACCURACY_STD));
        return Optional.of(model.metadata());
    }
}
