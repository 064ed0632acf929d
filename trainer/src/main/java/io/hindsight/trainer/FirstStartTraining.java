package io.hindsight.trainer;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.digits.DigitsFirstStart;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.model.TrainedModel;
import io.hindsight.trainer.publish.ModelPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a fresh installation serves calories at once: when {@code model-aliases} has no calories
 * Production alias, trains one on generated data and publishes it, plus a cheaper model as shadow1 so
 * shadow scoring is live from the first run. Idempotent: with a Production alias present it does nothing.
 * Two instances starting together may both train; the later alias wins and both models stay valid.
 */
public final class FirstStartTraining {
    public static final int DEFAULT_ROWS = 20_000;
    public static final long DEFAULT_DATA_SEED = 1L;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(FirstStartTraining.class);

    private FirstStartTraining() {
    }

    public static FirstStartResult ensureCaloriesModels(String bootstrapServers) {
        return ensureCaloriesModels(bootstrapServers, DEFAULT_ROWS);
    }

    public static FirstStartResult ensureCaloriesModels(String bootstrapServers, int rows) {
        return ensureCaloriesModels(bootstrapServers, rows, DEFAULT_DATA_SEED, CaloriesTrainerConfig.defaults(),
                CaloriesTrainerConfig.shadow());
    }

    public static FirstStartResult ensureCaloriesModels(String bootstrapServers, int rows, long dataSeed,
                                                        CaloriesTrainerConfig production, CaloriesTrainerConfig shadow) {
        long t0 = System.nanoTime();
        if (hasProductionAlias(bootstrapServers)) {
            Duration took = since(t0);
            log.info("calories Production alias exists; first-start training skipped ({} ms)", took.toMillis());
            return new FirstStartResult(false, List.of(), took);
        }
        ModelPublisher publisher = new ModelPublisher(bootstrapServers);
        String reason = "first start: generated data seed=" + dataSeed + " n=" + rows;
        List<String> published = new ArrayList<>();
        published.add(trainAndPublish(publisher, production, rows, dataSeed, Aliases.PRODUCTION, reason));
        published.add(trainAndPublish(publisher, shadow, rows, dataSeed, Aliases.SHADOW1, reason));
        Duration took = since(t0);
        log.info("first-start training done in {} ms: {}", took.toMillis(), published);
        return new FirstStartResult(true, published, took);
    }

    private static String trainAndPublish(ModelPublisher publisher, CaloriesTrainerConfig config, int rows, long dataSeed,
                                          String alias, String reason) {
        long t0 = System.nanoTime();
        TrainedModel model = new CaloriesTrainer(config).trainOnGenerated(dataSeed, rows);
        long trained = System.nanoTime();
        publisher.publish(model, List.of(alias), reason);
        log.info("{}: {} trained in {} ms, published in {} ms", alias, model.version(), (trained - t0) / 1_000_000,
                (System.nanoTime() - trained) / 1_000_000);
        return model.version();
    }

    /**
     * Digits: MNIST onto digits.training if missing, the CNN as Production and XGBoost as B when those aliases
     * are missing. Blocking for minutes: call it from a background thread. See {@link DigitsFirstStart}.
     */
    public static FirstStartResult ensureDigitsModels(String bootstrapServers, DigitsFirstStart.Settings settings,
                                                      TrainingProgress progress) {
        return DigitsFirstStart.ensureDigitsModels(bootstrapServers, settings, progress);
    }

    private static boolean hasProductionAlias(String bootstrapServers) {
        return hasAlias(bootstrapServers, Task.CALORIES, Aliases.PRODUCTION);
    }

    /** Whether {@code model-aliases} (read to its end, read_committed) has {@code alias} for any family of the task. */
    public static boolean hasAlias(String bootstrapServers, Task task, String alias) {
        return aliases(bootstrapServers, task).contains(alias);
    }

    /** The alias names ({@code Production}, {@code B}, ...) set for any family of the task, read to the end of {@code model-aliases}. */
    public static Set<String> aliases(String bootstrapServers, Task task) {
        try (CompactedTopicView<String, AliasAssignment> aliases =
                     new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, "hindsight-first-start").start()) {
            if (!aliases.awaitCaughtUp(READ_TIMEOUT)) {
                throw new IllegalStateException("could not read " + Topics.MODEL_ALIASES.name() + " within " + READ_TIMEOUT);
            }
            return aliases.snapshot().values().stream().filter(a -> task.id().equals(a.task()))
                    .map(AliasAssignment::alias).collect(Collectors.toUnmodifiableSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + Topics.MODEL_ALIASES.name(), e);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
