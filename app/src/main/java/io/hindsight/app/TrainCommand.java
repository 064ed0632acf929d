package io.hindsight.app;

import io.hindsight.contracts.Aliases;
import io.hindsight.trainer.calories.CaloriesEvaluation;
import io.hindsight.trainer.calories.CaloriesLiveDataset;
import io.hindsight.trainer.calories.CaloriesLiveTraining;
import io.hindsight.trainer.calories.CaloriesProgress;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.evaluation.RegressionMetrics;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.model.TrainedModel;
import io.hindsight.trainer.digits.DigitsCnnConfig;
import io.hindsight.trainer.digits.DigitsCnnTrainer;
import io.hindsight.trainer.digits.DigitsDataset;
import io.hindsight.trainer.digits.DigitsTrainedModel;
import io.hindsight.trainer.digits.DigitsTrainingLoader;
import io.hindsight.trainer.digits.DigitsXgbConfig;
import io.hindsight.trainer.digits.DigitsXgbTrainer;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.publish.ModelPublisher;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.trainer.rps.RpsEvaluation;
import io.hindsight.trainer.rps.RpsTrainedModel;
import io.hindsight.trainer.rps.RpsTraining;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hindsight train calories|digits}: train a model version and point an alias at it. Calories trains
 * on generated data, or with {@code --live}/{@code --from} on calories.requests joined with calories.feedback;
 * digits on the {@code digits.training} topic (loaded first if empty).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model and publish it (models, model-artifacts, model-aliases). calories: generated "
                + "data, or live requests + feedback with --live or --from; digits: the digits.training topic (MNIST, loaded first if it is empty).")
public final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Task: calories, digits or rps.")
    String task;

    @Option(names = "--family", defaultValue = "cnn",
            description = "digits: cnn (DJL, exported to ONNX) or xgboost (Tribuo, on the pixels); rps: forrest "
                    + "(XGBoost), logan (multinomial logistic regression) or brian (feedforward net, ONNX) (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--epochs", defaultValue = "3", description = "digits cnn: epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--from", split = ",", paramLabel = "TOPIC:PARTITION:START-END",
            description = "digits, rps, calories: train on exactly these offset ranges of digits.training, rps.rounds, or "
                    + "calories.requests and calories.feedback (every partition you want) ([START, END)); default: "
                    + "everything up to now. The ranges are recorded with the model, so `models rebuild` replays them.")
    List<String> from;

    @Option(names = "--live", description = "calories: train on all live data (every committed calories.requests record "
            + "joined with its calories.feedback) instead of generated rows; --from implies it.")
    boolean live;

    @Option(names = "--train-digits", defaultValue = "0",
            description = "digits: at most this many train digits (default: the family's default; cnn uses all 60,000).")
    int trainDigits;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:HINDSIGHT_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--rows", defaultValue = "20000", description = "Generated training rows (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--data-seed", defaultValue = "1", description = "Seed of the data generator (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--seed", description = "Seed of the trainer (default: 42; rps: the alias's own seed from its sweep).")
    Long seed;

    @Option(names = "--trees", defaultValue = "200", description = "Boosting rounds (default: ${DEFAULT-VALUE}).")
    int trees;

    @Option(names = "--max-depth", defaultValue = "6", description = "Tree depth (default: ${DEFAULT-VALUE}).")
    int maxDepth;

    @Option(names = "--alias", defaultValue = "B",
            description = "Alias to point at the new version: Production, B, shadow1, shadow2, or none (default: ${DEFAULT-VALUE}).")
    String alias;

    @Override
    public Integer call() {
        if (!"none".equals(alias) && !Aliases.ALL.contains(alias)) {
            System.err.println("unknown alias '" + alias + "'; use one of " + Aliases.ALL + " or none");
            return 2;
        }
        if ("digits".equals(task)) {
            return trainDigits();
        }
        if ("rps".equals(task)) {
            return trainRps();
        }
        if (!"calories".equals(task)) {
            System.err.println("tasks that train here: calories, digits, rps; got '" + task + "'");
            return 2;
        }
        CaloriesTrainerConfig config = CaloriesTrainerConfig.defaults().withTrees(trees).withMaxDepth(maxDepth).withSeed(seedOr42());
        if (live || (from != null && !from.isEmpty())) {
            return trainCaloriesLive(config);
        }
        long t0 = System.nanoTime();
        TrainedModel model = new CaloriesTrainer(config).trainOnGenerated(dataSeed, rows);
        System.out.printf("trained %s on %d rows in %.1f s: %s%n", model.version(), rows,
                (System.nanoTime() - t0) / 1e9, model.metadata().metrics());
        List<String> aliases = "none".equals(alias) ? List.of() : List.of(alias);
        new ModelPublisher(bootstrapServers, "hindsight-train-cli").publish(model, aliases, "hindsight train");
        System.out.printf("published %s%s%n", model.version(), aliases.isEmpty() ? "" : " as " + alias);
        return 0;
    }

    /**
     * calories on live data: the given ranges (or everything committed) of calories.requests joined with
     * calories.feedback, evaluated the RPS Quest way, published with the ranges it read.
     */
    private int trainCaloriesLive(CaloriesTrainerConfig config) {
        CaloriesLiveDataset data;
        try {
            data = CaloriesLiveDataset.read(bootstrapServers,
                    from == null || from.isEmpty() ? List.of() : TrainingRanges.parse(from));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        CaloriesLiveDataset.Counts n = data.counts();
        System.out.printf("read %d labelled rows from %s (%d requests, %d feedback; skipped: %d invalid requests, %d invalid "
                        + "feedback, %d feedback for unknown ids; %d requests without feedback)%n", n.labelled(), data.source(),
                n.requestsRead(), n.feedbackRead(), n.invalidRequests(), n.invalidFeedback(), n.unmatchedFeedback(),
                n.unmatchedRequests());
        if (n.labelled() < CaloriesEvaluation.MIN_ROWS) {
            System.err.printf("only %d labelled calories rows: training needs at least %d (send more requests and feedback, "
                    + "or widen --from)%n", n.labelled(), CaloriesEvaluation.MIN_ROWS);
            return 2;
        }
        CaloriesStepBar bar = new CaloriesStepBar();
        bar.onStep(0, CaloriesEvaluation.STEPS, "reading done, training", Double.NaN, 0);
        TrainedModel model = CaloriesLiveTraining.train(data, config, BuildInfo.load().toString(), bar);
        Map<String, Double> m = model.metadata().metrics();
        System.out.printf("%ntrained %s on %s: hold-out RMSLE %.4f, MAE %.2f kcal (chronological last 20%%), validation "
                        + "RMSLE %.4f (Calories-stratified 80/20), 3-fold CV RMSLE %.4f +- %.4f%n", model.version(),
                data.source(), m.get(RegressionMetrics.RMSLE), m.get(RegressionMetrics.MAE),
                m.get(CaloriesEvaluation.VALIDATION_RMSLE), m.get(CaloriesEvaluation.CV_RMSLE_MEAN),
                m.get(CaloriesEvaluation.CV_RMSLE_STD));
        List<String> aliases = "none".equals(alias) ? List.of() : List.of(alias);
        new ModelPublisher(bootstrapServers, "hindsight-train-cli").publish(model, aliases, "hindsight train calories --live");
        System.out.printf("published %s%s%n", model.version(), aliases.isEmpty() ? "" : " as " + alias);
        return 0;
    }

    /** calories: a one-line bar on stderr, one step per fit (XGBoost through Tribuo reports no rounds). */
    private static final class CaloriesStepBar implements CaloriesProgress {
        private static final int WIDTH = 30;

        @Override
        public void onStep(int step, int steps, String label, double rmsle, double seconds) {
            int filled = (int) Math.round(step * (double) WIDTH / steps);
            System.err.printf("\r[%s%s] %3.0f%%  %d/%d  %-54s %s %5.1f s", "#".repeat(filled), " ".repeat(WIDTH - filled),
                    100.0 * step / steps, step, steps, label, Double.isNaN(rmsle) ? "            " : String.format("RMSLE %.4f", rmsle),
                    seconds);
        }
    }

    private int trainDigits() {
        if (!"cnn".equals(family) && !"xgboost".equals(family)) {
            System.err.println("digits families: cnn, xgboost; got '" + family + "'");
            return 2;
        }
        DigitsTrainingLoader.Result load = new DigitsTrainingLoader(bootstrapServers, "hindsight-train-cli-loader").loadBundled();
        System.out.println(load.message());
        DigitsDataset data;
        try {
            data = from == null || from.isEmpty() ? DigitsDataset.read(bootstrapServers)
                    : DigitsDataset.read(bootstrapServers, TrainingRanges.parse(from));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        System.out.printf("read %d train and %d holdout digits from %s%n", data.train().count(), data.holdout().count(), data.ranges());
        String code = BuildInfo.load().toString();
        DigitsTrainedModel model;
        if ("cnn".equals(family)) {
            DigitsCnnConfig config = DigitsCnnConfig.defaults().withSeed(seedOr42()).withEpochs(epochs);
            if (trainDigits > 0) {
                config = config.withMaxTrainDigits(trainDigits);
            }
            model = new DigitsCnnTrainer(config, null).train(data, code, new ProgressBar());
        } else {
            DigitsXgbConfig config = DigitsXgbConfig.defaults().withSeed(seedOr42());
            if (trainDigits > 0) {
                config = config.withMaxTrainDigits(trainDigits);
            }
            System.err.println("training xgboost on the pixels…");
            model = new DigitsXgbTrainer(config).train(data, code);
        }
        System.out.printf("trained %s: hold-out accuracy %.4f on %d digits never trained on, %.1f s%n", model.version(),
                model.holdoutAccuracy(), data.holdout().count(), model.metadata().metrics().getOrDefault("trainingSeconds", 0.0));
        List<String> aliases = "none".equals(alias) ? List.of() : List.of(alias);
        model.publish(new ModelPublisher(bootstrapServers, "hindsight-train-cli"), aliases, "hindsight train digits");
        System.out.printf("published %s%s%n", model.version(), aliases.isEmpty() ? "" : " as " + alias);
        return 0;
    }

    private long seedOr42() {
        return seed == null ? 42 : seed;
    }

    /**
     * rps: the family with the alias's configuration from the sweep, on rps.rounds (the first start's synthetic
     * games and every live round since), evaluated the RPS Quest way and published as the alias.
     */
    private int trainRps() {
        if (!RpsRules.isFamily(family)) {
            System.err.println("rps families: " + RpsRules.FAMILIES + "; got '" + family + "'");
            return 2;
        }
        if ("none".equals(alias)) {
            System.err.println("rps trains an alias's configuration: give --alias Production, B, shadow1 or shadow2");
            return 2;
        }
        List<TrainingRange> ranges;
        try {
            ranges = from == null || from.isEmpty() ? List.of() : TrainingRanges.parse(from);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        RpsTrainedModel model = RpsTraining.trainAndPublish(bootstrapServers, family, alias, ranges, seed, null,
                BuildInfo.load().toString(), new ProgressBar());
        Map<String, Double> m = model.metadata().metrics();
        System.out.printf("%ntrained %s on %s: hold-out accuracy %.4f (chronological last 20%%), validation %.4f "
                        + "(game-stratified 80/20), 3-fold CV %.4f +- %.4f, %.1f s%n", model.version(),
                model.metadata().trainingRanges(), m.getOrDefault(RpsEvaluation.HOLDOUT_ACCURACY, Double.NaN),
                m.getOrDefault(RpsEvaluation.VALIDATION_ACCURACY, Double.NaN),
                m.getOrDefault(RpsEvaluation.CV_ACCURACY_MEAN, Double.NaN),
                m.getOrDefault(RpsEvaluation.CV_ACCURACY_STD, Double.NaN), m.getOrDefault("trainingSeconds", 0.0));
        System.out.printf("published %s as %s%n", model.version(), alias);
        return 0;
    }

    /** A one-line progress bar on stderr, redrawn in place. */
    private static final class ProgressBar implements TrainingProgress {
        private static final int WIDTH = 30;
        private long lastDraw;

        @Override
        public void onBatch(int epoch, int epochs, int batch, int batches, double loss) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L && batch < batches) {
                return;
            }
            lastDraw = now;
            double done = ((epoch - 1) + batch / (double) batches) / epochs;
            int filled = (int) Math.round(done * WIDTH);
            System.err.printf("\r[%s%s] %3.0f%%  epoch %d/%d  batch %d/%d  loss %.4f", "#".repeat(filled),
                    " ".repeat(WIDTH - filled), done * 100, epoch, epochs, batch, batches, loss);
        }

        @Override
        public void onEpoch(int epoch, int epochs, double meanLoss, double elapsedSeconds) {
            System.err.printf("%nepoch %d/%d: mean loss %.4f, %.1f s%n", epoch, epochs, meanLoss, elapsedSeconds);
        }
    }
}
