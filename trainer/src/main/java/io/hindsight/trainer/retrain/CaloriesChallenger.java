package io.hindsight.trainer.retrain;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.calories.CaloriesEvaluation;
import io.hindsight.trainer.calories.CaloriesLiveDataset;
import io.hindsight.trainer.calories.CaloriesLiveTraining;
import io.hindsight.trainer.calories.CaloriesProgress;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.evaluation.RegressionMetrics;
import io.hindsight.trainer.model.TrainedModel;
import io.hindsight.trainer.publish.ModelPublisher;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * calories: the live data — every committed {@code calories.requests} record joined with its
 * {@code calories.feedback} ({@link CaloriesLiveDataset}) — trained through {@link CaloriesEvaluation}'s three
 * steps ({@link CaloriesLiveTraining}, as {@code hindsight train calories --live}) and published as B with its DLE
 * nanny sidecar, in one transaction. New records are feedback records. The first start publishes Production and
 * shadow1 (trained on generated rows, no topic ranges) and no B, so the first challenger counts every feedback
 * record. Fewer than {@link CaloriesEvaluation#MIN_ROWS} labelled rows: not trained (logged at INFO).
 */
public final class CaloriesChallenger implements Challenger {
    /** Its own transactional id: it cannot fence the first start, the CLI or another task's publisher. */
    public static final String TRANSACTIONAL_ID = "hindsight-model-publisher-calories-retrainer";
    private static final Logger log = LoggerFactory.getLogger(CaloriesChallenger.class);

    private final String bootstrapServers;
    private final CaloriesTrainerConfig config;
    private final String codeVersion;

    /** @param codeVersion the build version stored with each model; may be null */
    public CaloriesChallenger(String bootstrapServers, CaloriesTrainerConfig config, String codeVersion) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.codeVersion = codeVersion;
    }

    @Override
    public Task task() {
        return Task.CALORIES;
    }

    @Override
    public List<String> families() {
        return List.of(CaloriesTrainer.FAMILY);
    }

    @Override
    public List<String> requiredAliases() {
        return List.of(AliasAssignment.key(Task.CALORIES.id(), CaloriesTrainer.FAMILY, Aliases.PRODUCTION),
                AliasAssignment.key(Task.CALORIES.id(), CaloriesTrainer.FAMILY, Aliases.SHADOW1));
    }

    @Override
    public String countedTopic() {
        return Topics.calories().feedback().name();
    }

    @Override
    public Optional<ModelVersion> trainAndPublish(String family) {
        CaloriesLiveDataset data = CaloriesLiveDataset.read(bootstrapServers);
        if (data.rows().size() < CaloriesEvaluation.MIN_ROWS) {
            log.info("calories challenger not trained: {} labelled rows in {} ({}); training needs at least {}",
                    data.rows().size(), data.source(), data.counts(), CaloriesEvaluation.MIN_ROWS);
            return Optional.empty();
        }
        TrainedModel model = CaloriesLiveTraining.train(data, config, codeVersion, CaloriesProgress.NONE);
        new ModelPublisher(bootstrapServers, TRANSACTIONAL_ID).publish(model, List.of(Aliases.B),
                "retrained on policy: calories live data " + data.source());
        log.info("published calories challenger {} as B: hold-out RMSLE {}, validation RMSLE {}, CV {} +- {} on {} rows",
                model.version(), model.metadata().metrics().get(RegressionMetrics.RMSLE),
                model.metadata().metrics().get(CaloriesEvaluation.VALIDATION_RMSLE),
                model.metadata().metrics().get(CaloriesEvaluation.CV_RMSLE_MEAN),
                model.metadata().metrics().get(CaloriesEvaluation.CV_RMSLE_STD), data.rows().size());
        return Optional.of(model.metadata());
    }
}
