package io.hindsight.trainer.rebuild;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.trainer.calories.CaloriesLiveTraining;
import io.hindsight.trainer.calories.CaloriesProgress;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.digits.DigitsCnnConfig;
import io.hindsight.trainer.digits.DigitsCnnTrainer;
import io.hindsight.trainer.digits.DigitsDataset;
import io.hindsight.trainer.digits.DigitsLiveDataset;
import io.hindsight.trainer.digits.DigitsTrainedModel;
import io.hindsight.trainer.digits.DigitsXgbConfig;
import io.hindsight.trainer.digits.DigitsXgbTrainer;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.model.TrainedModel;
import io.hindsight.trainer.rps.RpsDataset;
import io.hindsight.trainer.rps.RpsModelConfig;
import io.hindsight.trainer.rps.RpsTrainedModel;
import io.hindsight.trainer.rps.RpsTraining;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains a model version again from what it recorded: the trainer configuration and seed in its provenance,
 * and its data — the exact topic-partition-offset ranges it read (digits; calories and digits XGBoost trained on
 * live data, whose ranges of the task's requests and feedback are joined again), or the generator and seed that made its
 * rows (calories' first-start models). rps models replay their rps.rounds ranges with the recorded
 * configuration. Uploaded models carry no recipe and are refused.
 */
public final class Rebuilder {
    private static final Pattern GENERATED = Pattern.compile("generator:keytel2005 seed=(-?\\d+) n=(\\d+)");

    private final String bootstrapServers;

    public Rebuilder(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public Rebuilt rebuild(ModelVersion original, TrainingProgress progress) {
        ConfigMaps c = ConfigMaps.of(original.provenance(), original.version());
        String key = original.task() + "/" + original.family();
        Rebuilt rebuilt = switch (key) {
            case "calories/xgboost" -> original.trainingRanges().isEmpty() ? calories(original, c) : caloriesLive(original, c);
            case "digits/cnn" -> digits(original, new DigitsCnnTrainer(cnnConfig(c), null)
                    .train(DigitsDataset.read(bootstrapServers, original.trainingRanges()), original.codeVersion(), progress));
            case "digits/xgboost" -> digits(original, digitsXgb(original, c));
            case "rps/forrest", "rps/logan", "rps/brian" -> rps(original, progress);
            default -> throw new IllegalArgumentException("no rebuild recipe for " + key + " (" + original.version() + ")");
        };
        return rebuilt;
    }

    private static Rebuilt calories(ModelVersion original, ConfigMaps c) {
        Object source = original.provenance().get("dataSource");
        Matcher m = GENERATED.matcher(String.valueOf(source));
        if (!m.matches()) {
            throw new IllegalArgumentException(original.version() + " was trained on '" + source
                    + "', which has no replay recipe yet");
        }
        TrainedModel model = new CaloriesTrainer(caloriesConfig(c)).trainOnGenerated(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
        return of(original, model);
    }

    /**
     * calories trained on live data: the recorded configuration and seed on the recorded ranges of
     * calories.requests and calories.feedback, joined and evaluated the same way.
     */
    private Rebuilt caloriesLive(ModelVersion original, ConfigMaps c) {
        TrainedModel model = CaloriesLiveTraining.train(bootstrapServers, original.trainingRanges(), caloriesConfig(c),
                original.codeVersion(), CaloriesProgress.NONE);
        return of(original, model);
    }

    static CaloriesTrainerConfig caloriesConfig(ConfigMaps c) {
        return new CaloriesTrainerConfig(c.integer("trees"), c.integer("maxDepth"), c.real("eta"),
                c.real("subsample"), c.longValue("seed"), c.integer("threads"), c.real("holdoutFraction"));
    }

    /** rps: the recorded configuration and seed on the recorded offset ranges of rps.rounds. */
    private Rebuilt rps(ModelVersion original, TrainingProgress progress) {
        if (original.trainingRanges().isEmpty()) {
            throw new IllegalArgumentException(original.version() + " records no rps.rounds ranges: nothing to replay");
        }
        RpsModelConfig config = RpsModelConfig.fromMap(original.family(), (java.util.Map<?, ?>) original.provenance().get("config"));
        RpsTrainedModel model = RpsTraining.train(RpsDataset.read(bootstrapServers, original.trainingRanges()), config, null,
                original.codeVersion(), progress);
        return of(original, model.metadata(), model.artifact());
    }

    /**
     * digits XGBoost: the recorded digits.training ranges, plus the recorded ranges of digits.requests and
     * digits.feedback (joined again) when it was trained on live drawings, through the three-step evaluation with the
     * recorded configuration and seed; versions from before that evaluation (no "evaluation" in their provenance)
     * were one fit on the first N train digits, and are rebuilt that way.
     */
    private DigitsTrainedModel digitsXgb(ModelVersion original, ConfigMaps c) {
        List<TrainingRange> training = new ArrayList<>();
        List<TrainingRange> live = new ArrayList<>();
        for (TrainingRange r : original.trainingRanges()) {
            if (r.topic().equals(DigitsLiveDataset.REQUESTS) || r.topic().equals(DigitsLiveDataset.FEEDBACK)) {
                live.add(r);
            } else {
                training.add(r);
            }
        }
        DigitsXgbTrainer trainer = new DigitsXgbTrainer(xgbConfig(c));
        DigitsDataset data = DigitsDataset.read(bootstrapServers, training);
        if (!original.provenance().containsKey("evaluation")) {
            return trainer.trainOnFirstDigits(data, original.codeVersion());
        }
        DigitsLiveDataset drawings = live.isEmpty() ? DigitsLiveDataset.none() : DigitsLiveDataset.read(bootstrapServers, live);
        return trainer.train(data, drawings, original.codeVersion());
    }

    private static Rebuilt digits(ModelVersion original, DigitsTrainedModel model) {
        return of(original, model.metadata(), model.artifact());
    }

    /** With the model's sidecars (the DLE nanny its metadata names), so a published rebuild is complete. */
    private static Rebuilt of(ModelVersion original, TrainedModel model) {
        return new Rebuilt(original, model.metadata(), model.artifact(),
                Sha256.hex(model.artifact()).equals(original.artifactSha256()), model.sidecars());
    }

    private static Rebuilt of(ModelVersion original, ModelVersion metadata, byte[] artifact) {
        return new Rebuilt(original, metadata, artifact, Sha256.hex(artifact).equals(original.artifactSha256()));
    }

    static DigitsCnnConfig cnnConfig(ConfigMaps c) {
        return new DigitsCnnConfig(c.longValue("seed"), c.integer("epochs"), c.integer("batchSize"), c.real("learningRate"),
                c.integer("maxTrainDigits"), c.integer("shiftPx"), c.integer("threads"));
    }

    static DigitsXgbConfig xgbConfig(ConfigMaps c) {
        return new DigitsXgbConfig(c.integer("maxTrainDigits"), c.integer("rounds"), c.integer("maxDepth"), c.real("eta"),
                c.real("subsample"), c.real("featureSubsample"), c.longValue("seed"), c.integer("threads"));
    }
}
