package io.hindsight.trainer.calories;

import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.trainer.evaluation.RegressionMetrics;
import io.hindsight.trainer.model.TrainedModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * RPS Quest's three-step pipeline ({@code RpsEvaluation}) for the calories regressor:
 * <ol>
 *   <li>chronological 60/20/20 split by request time (train / validation / test): fit on the first 60%, score
 *       the next 20% and the last 20% — the hold-out RMSLE and MAE ({@link RegressionMetrics#RMSLE},
 *       {@link RegressionMetrics#MAE}, the keys every calories model has always carried), a check that the model
 *       generalises forward in time;</li>
 *   <li>the published model: a seeded random split, stratified by target quantile bins (10 bins of measured
 *       Calories, the regression analogue of class stratification), fit on the train part by
 *       {@link CaloriesTrainer#train} with the other {@code holdoutFraction} (20%) as its validation — the
 *       validation RMSLE and MAE;</li>
 *   <li>3-fold cross-validation over step 1's train part, folds stratified by the same target bins — mean and
 *       standard deviation of the fold RMSLEs, a check of stability.</li>
 * </ol>
 * Scores are on the kcal scale, like the online scorer's. XGBoost has no early stopping here, so step 1's and
 * step 2's validation parts are scored, not watched.
 */
public final class CaloriesEvaluation {
    public static final double CHRONO_TRAIN = 0.6;
    public static final double CHRONO_VALIDATION = 0.2;
    public static final int FOLDS = 3;
    public static final int TARGET_BINS = 10;
    /** The fewest labelled rows the three steps are run on (each fold and each bin needs rows). */
    public static final int MIN_ROWS = 200;
    /** Fits in one run: step 1, step 2, and one per fold. */
    public static final int STEPS = 2 + FOLDS;

    public static final String HOLDOUT_ROWS = "holdout_rows";
    public static final String VALIDATION_RMSLE = "validation_rmsle";
    public static final String VALIDATION_MAE = "validation_mae_kcal";
    public static final String VALIDATION_ROWS = "validation_rows";
    public static final String CV_RMSLE_MEAN = "cv_rmsle_mean";
    public static final String CV_RMSLE_STD = "cv_rmsle_std";
    public static final String TRAIN_ROWS = "train_rows";
    public static final String TRAINING_SECONDS = "trainingSeconds";
    private static final Logger log = LoggerFactory.getLogger(CaloriesEvaluation.class);

    private CaloriesEvaluation() {
    }

    /** Rows on each side of a split, each side in input (time) order; {@code test} is empty for two-way splits. */
    public record Split(List<CaloriesRow> train, List<CaloriesRow> validation, List<CaloriesRow> test) {
        public Split {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
            test = List.copyOf(test);
        }
    }

    /** RMSLE and MAE (kcal) of a model on some rows. */
    public record Score(double rmsle, double mae, int rows) {
    }

    /** The published model (step 2's), the metrics of all three steps, JSON-friendly details for provenance. */
    public record Result(TrainedModel published, Map<String, Double> metrics, Map<String, Object> details) {
    }

    /** Step 1's split: the first {@code trainFraction} of the rows, the next {@code validationFraction}, the rest. */
    public static Split chronological(List<CaloriesRow> rows, double trainFraction, double validationFraction) {
        int n = rows.size();
        int train = (int) Math.round(n * trainFraction);
        int validation = (int) Math.round(n * (trainFraction + validationFraction)) - train;
        return new Split(rows.subList(0, train), rows.subList(train, train + validation), rows.subList(train + validation, n));
    }

    /** Each row's target quantile bin, 0..bins-1: the rank of its Calories (ties by position) scaled to bins. */
    public static int[] targetBins(List<CaloriesRow> rows, int bins) {
        int n = rows.size();
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> rows.get(i).calories()).thenComparingInt(i -> i));
        int[] bin = new int[n];
        for (int rank = 0; rank < n; rank++) {
            bin[order.get(rank)] = (int) ((long) rank * bins / n);
        }
        return bin;
    }

    /**
     * Step 2's split: exactly {@code round(n * validationFraction)} rows to validation, drawn (seeded) from every
     * target bin in proportion to its size (largest remainders take the rows left over), the rest to train.
     */
    public static Split stratified(List<CaloriesRow> rows, double validationFraction, int bins, long seed) {
        int n = rows.size();
        int wanted = (int) Math.round(n * validationFraction); // the same rule as CaloriesTrainer's holdout
        List<List<Integer>> byBin = byBin(rows, bins, new Random(seed));
        int[] quota = new int[bins];
        double[] remainder = new double[bins];
        int given = 0;
        for (int b = 0; b < bins; b++) {
            double exact = byBin.get(b).size() * validationFraction;
            quota[b] = Math.min(byBin.get(b).size(), (int) Math.floor(exact));
            remainder[b] = exact - quota[b];
            given += quota[b];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            byRemainder.add(b);
        }
        byRemainder.sort(Comparator.<Integer>comparingDouble(b -> -remainder[b]).thenComparingInt(b -> b));
        for (int i = 0; given < wanted && i < 2 * bins; i++) {
            int b = byRemainder.get(i % bins);
            if (quota[b] < byBin.get(b).size()) {
                quota[b]++;
                given++;
            }
        }
        boolean[] validation = new boolean[n];
        for (int b = 0; b < bins; b++) {
            for (int j = 0; j < quota[b]; j++) {
                validation[byBin.get(b).get(j)] = true;
            }
        }
        List<CaloriesRow> train = new ArrayList<>();
        List<CaloriesRow> val = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (validation[i] ? val : train).add(rows.get(i));
        }
        return new Split(train, val, List.of());
    }

    /**
     * Step 3's folds: rows shuffled (seeded) within their target bin, bins concatenated and dealt round-robin into
     * k folds, so every fold gets its share of each bin; fold i validates, the others train.
     */
    public static List<Split> folds(List<CaloriesRow> rows, int k, int bins, long seed) {
        if (rows.size() < k) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " rows, got " + rows.size());
        }
        int[] fold = new int[rows.size()];
        int dealt = 0;
        for (List<Integer> bin : byBin(rows, bins, new Random(seed))) {
            for (int i : bin) {
                fold[i] = dealt++ % k;
            }
        }
        List<Split> out = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            List<CaloriesRow> train = new ArrayList<>();
            List<CaloriesRow> val = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                (fold[i] == f ? val : train).add(rows.get(i));
            }
            out.add(new Split(train, val, List.of()));
        }
        return out;
    }

    /** Row indices per target bin, each bin shuffled with {@code rnd} (bins in order, so the draw is reproducible). */
    private static List<List<Integer>> byBin(List<CaloriesRow> rows, int bins, Random rnd) {
        int[] bin = targetBins(rows, bins);
        List<List<Integer>> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < bin.length; i++) {
            out.get(bin[i]).add(i);
        }
        for (List<Integer> b : out) {
            Collections.shuffle(b, rnd);
        }
        return out;
    }

    public static Score score(Model<Regressor> model, List<CaloriesRow> rows) {
        if (rows.isEmpty()) {
            return new Score(Double.NaN, Double.NaN, 0);
        }
        List<Example<Regressor>> examples = new ArrayList<>(rows.size());
        double[] actual = new double[rows.size()];
        for (int i = 0; i < actual.length; i++) {
            examples.add(CaloriesExamples.unlabelled(rows.get(i).record()));
            actual[i] = rows.get(i).calories();
        }
        double[] predicted = CaloriesTrainer.predictKcal(model, examples);
        return new Score(RegressionMetrics.rmsle(actual, predicted), RegressionMetrics.mae(actual, predicted), actual.length);
    }

    /**
     * Runs the three steps.
     *
     * @param rows       labelled rows in time order
     * @param dataSource where the rows came from (Tribuo's data source provenance of the published model)
     * @param splitSeed  seeds the shuffles of steps 2 and 3
     */
    public static Result evaluate(CaloriesTrainerConfig config, List<CaloriesRow> rows, String dataSource, long splitSeed,
                                  CaloriesProgress progress) {
        if (rows.size() < MIN_ROWS) {
            throw new IllegalArgumentException("the three-step evaluation needs at least " + MIN_ROWS
                    + " labelled rows, got " + rows.size());
        }
        CaloriesProgress p = progress == null ? CaloriesProgress.NONE : progress;
        long t0 = System.nanoTime();

        Split chrono = chronological(rows, CHRONO_TRAIN, CHRONO_VALIDATION);
        Model<Regressor> step1 = CaloriesXgb.fit(config, chrono.train(), dataSource + " (step 1: chronological 60%)");
        Score chronoValidation = score(step1, chrono.validation());
        Score holdout = score(step1, chrono.test());
        p.onStep(1, STEPS, "step 1: chronological 60/20/20, hold-out", holdout.rmsle(), seconds(t0));

        Split published = stratified(rows, config.holdoutFraction(), TARGET_BINS, splitSeed);
        List<CaloriesRow> trainThenValidation = new ArrayList<>(published.train());
        trainThenValidation.addAll(published.validation());
        long t2 = System.nanoTime();
        // CaloriesTrainer holds out the last round(n * holdoutFraction) rows: exactly step 2's validation part.
        TrainedModel step2 = new CaloriesTrainer(config).train(trainThenValidation, dataSource);
        double step2Seconds = seconds(t2);
        Object trainRows = step2.metadata().provenance().get("trainRows");
        if (trainRows instanceof Number t && t.intValue() != published.train().size()) {
            throw new IllegalStateException("CaloriesTrainer trained on " + t + " rows, step 2 expected "
                    + published.train().size() + ": its hold-out rule changed");
        }
        Score validation = score(step2.model(), published.validation());
        p.onStep(2, STEPS, "step 2: published model, stratified 80/20, validation", validation.rmsle(), seconds(t0));

        List<Double> foldRmsles = new ArrayList<>();
        List<Split> folds = folds(chrono.train(), FOLDS, TARGET_BINS, splitSeed + 1);
        for (int f = 0; f < folds.size(); f++) {
            Split fold = folds.get(f);
            Model<Regressor> m = CaloriesXgb.fit(config, fold.train(), dataSource + " (step 3: fold " + (f + 1) + ")");
            foldRmsles.add(score(m, fold.validation()).rmsle());
            p.onStep(3 + f, STEPS, "step 3: fold " + (f + 1) + "/" + FOLDS, foldRmsles.get(f), seconds(t0));
        }
        double mean = foldRmsles.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = foldRmsles.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / Math.max(1, foldRmsles.size() - 1);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(RegressionMetrics.RMSLE, holdout.rmsle());
        metrics.put(RegressionMetrics.MAE, holdout.mae());
        metrics.put(HOLDOUT_ROWS, (double) holdout.rows());
        metrics.put(VALIDATION_RMSLE, validation.rmsle());
        metrics.put(VALIDATION_MAE, validation.mae());
        metrics.put(VALIDATION_ROWS, (double) validation.rows());
        metrics.put(CV_RMSLE_MEAN, mean);
        metrics.put(CV_RMSLE_STD, Math.sqrt(var));
        metrics.put(TRAIN_ROWS, (double) published.train().size());
        metrics.put(TRAINING_SECONDS, step2Seconds);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pipeline", "RPS Quest three steps: (1) chronological 60/20/20 by request time (train/validation/test) "
                + "-> hold-out RMSLE/MAE (holdout_*); (2) published model: seeded random 80/20 stratified by "
                + TARGET_BINS + " Calories quantile bins -> validation RMSLE/MAE (validation_*); (3) " + FOLDS
                + "-fold stratified cross-validation over step 1's train part -> cv_rmsle_mean/std");
        details.put("splitSeed", splitSeed);
        details.put("rows", rows.size());
        details.put("step1", Map.of("trainRows", chrono.train().size(), "validationRows", chrono.validation().size(),
                "testRows", chrono.test().size(), "validationRmsle", chronoValidation.rmsle(),
                "validationMaeKcal", chronoValidation.mae()));
        details.put("step2", Map.of("trainRows", published.train().size(), "validationRows", published.validation().size()));
        details.put("step3", Map.of("folds", FOLDS, "foldRmsles", foldRmsles));
        details.put("evaluationSeconds", seconds(t0));
        log.info("calories three-step evaluation on {} rows: hold-out RMSLE {} (chronological), validation RMSLE {} "
                        + "(stratified), {}-fold CV RMSLE {} +- {}", rows.size(), fmt(holdout.rmsle()), fmt(validation.rmsle()),
                FOLDS, fmt(mean), fmt(Math.sqrt(var)));
        return new Result(step2, metrics, details);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }
}
