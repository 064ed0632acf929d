package io.hindsight.trainer.digits;

import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * RPS Quest's three-step pipeline ({@code RpsEvaluation}, {@code CaloriesEvaluation}) for the digits XGBoost
 * challenger, over its <em>pool</em>: the first N train digits of {@code digits.training} in topic order, then the
 * live drawings people labelled, in request time order — so pool order is topic-offset order, which is time.
 * <ol>
 *   <li>chronological 60/20/20 (train / validation / test by position in the pool): fit on the first 60%, score
 *       the last 20% — {@link #CHRONOLOGICAL_ACCURACY}, a check that the model generalises forward in time (to
 *       the newest digits, which are the live drawings once there are enough);</li>
 *   <li>the published model: a seeded 80/20 split stratified by label (each digit 0..9 in proportion), fit on the
 *       80% with the other 20% as validation — {@link #VALIDATION_ACCURACY}. XGBoost through Tribuo has no early
 *       stopping, so the validation part is scored, not watched;</li>
 *   <li>3-fold cross-validation, folds stratified by label, over step 1's train part — or, when that is larger
 *       than {@link #CV_MAX_DIGITS}, over a seeded label-stratified subsample of that many digits, to keep the
 *       first start fast: {@link #CV_ACCURACY_MEAN} and {@link #CV_ACCURACY_STD}, a check of stability.</li>
 * </ol>
 * The published model is also scored on the 10,000 MNIST holdout digits, never trained on, as every digits
 * version is ({@link DigitsMetrics#HOLDOUT_ACCURACY}): that is the figure comparable with the CNN's.
 */
public final class DigitsEvaluation {
    public static final double CHRONO_TRAIN = 0.6;
    public static final double CHRONO_VALIDATION = 0.2;
    public static final double VALIDATION = 0.2;
    public static final int FOLDS = 3;
    /** Step 3 runs on at most this many digits: 3 fits on 2,000 each cost about half of one fit on 12,000. */
    public static final int CV_MAX_DIGITS = 3_000;
    /** The smallest pool the three steps are run on (each fold and each side needs digits of every class). */
    public static final int MIN_DIGITS = 100;

    public static final String CHRONOLOGICAL_ACCURACY = "chronologicalAccuracy";
    public static final String CHRONOLOGICAL_LOG_LOSS = "chronologicalLogLoss";
    public static final String CHRONOLOGICAL_COUNT = "chronologicalCount";
    /** Step 1's accuracy on the live drawings among its test part; only when there are some. */
    public static final String CHRONOLOGICAL_LIVE_ACCURACY = "chronologicalLiveAccuracy";
    public static final String CHRONOLOGICAL_LIVE_COUNT = "chronologicalLiveCount";
    public static final String VALIDATION_ACCURACY = "validationAccuracy";
    public static final String VALIDATION_LOG_LOSS = "validationLogLoss";
    public static final String VALIDATION_COUNT = "validationCount";
    public static final String CV_ACCURACY_MEAN = "cvAccuracyMean";
    public static final String CV_ACCURACY_STD = "cvAccuracyStd";
    public static final String CV_COUNT = "cvCount";
    public static final String TRAIN_COUNT = "trainCount";
    private static final Logger log = LoggerFactory.getLogger(DigitsEvaluation.class);

    private DigitsEvaluation() {
    }

    /** Fits a model on all digits it is given. */
    @FunctionalInterface
    public interface Fitter {
        Model<Label> fit(MnistDigits digits);
    }

    /** Positions in the pool on each side of a split, each side in pool order; {@code test} is empty for two-way splits. */
    public record Split(int[] train, int[] validation, int[] test) {
    }

    /** Accuracy and mean log loss of a model on some digits. */
    public record Score(double accuracy, double logLoss, int count) {
    }

    /**
     * The published model (step 2's), the positions it was fitted on, the metrics of all three steps, and
     * JSON-friendly details for provenance.
     */
    public record Result(Model<Label> published, int[] publishedTrain, Map<String, Double> metrics, Map<String, Object> details) {
    }

    /** The pool: the first {@code mnist} digits of {@code train}, then every digit of {@code live}. */
    public static MnistDigits pool(MnistDigits train, int mnist, MnistDigits live) {
        int n = mnist + live.count();
        byte[] pixels = new byte[n * DigitPreprocessing.PIXELS];
        byte[] labels = new byte[n];
        System.arraycopy(train.pixels(), 0, pixels, 0, mnist * DigitPreprocessing.PIXELS);
        System.arraycopy(train.labels(), 0, labels, 0, mnist);
        System.arraycopy(live.pixels(), 0, pixels, mnist * DigitPreprocessing.PIXELS, live.count() * DigitPreprocessing.PIXELS);
        System.arraycopy(live.labels(), 0, labels, mnist, live.count());
        String source = live.count() == 0 ? train.source() + " first " + mnist
                : train.source() + " first " + mnist + " + " + live.count() + " live drawings";
        return new MnistDigits(source, n, pixels, labels);
    }

    /** The digits at {@code positions}, in that order. */
    public static MnistDigits subset(MnistDigits digits, int[] positions, String source) {
        byte[] pixels = new byte[positions.length * DigitPreprocessing.PIXELS];
        byte[] labels = new byte[positions.length];
        for (int i = 0; i < positions.length; i++) {
            System.arraycopy(digits.pixels(), positions[i] * DigitPreprocessing.PIXELS, pixels, i * DigitPreprocessing.PIXELS,
                    DigitPreprocessing.PIXELS);
            labels[i] = digits.labels()[positions[i]];
        }
        return new MnistDigits(source, positions.length, pixels, labels);
    }

    /** Step 1's split of n positions: the first {@code trainFraction}, the next {@code validationFraction}, the rest. */
    public static Split chronological(int n, double trainFraction, double validationFraction) {
        int train = (int) Math.round(n * trainFraction);
        int validation = (int) Math.round(n * (trainFraction + validationFraction)) - train;
        return new Split(range(0, train), range(train, train + validation), range(train + validation, n));
    }

    /**
     * Step 2's split of {@code positions}: exactly {@code round(n * fraction)} of them to validation, drawn (seeded)
     * from every label in proportion to its count (largest remainders take the ones left over), the rest to train;
     * both sides keep the order of {@code positions}.
     */
    public static Split stratified(MnistDigits digits, int[] positions, double fraction, long seed) {
        int n = positions.length;
        int wanted = (int) Math.round(n * fraction);
        List<List<Integer>> byLabel = byLabel(digits, positions, new Random(seed));
        int classes = byLabel.size();
        int[] quota = new int[classes];
        double[] remainder = new double[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            double exact = byLabel.get(c).size() * fraction;
            quota[c] = Math.min(byLabel.get(c).size(), (int) Math.floor(exact));
            remainder[c] = exact - quota[c];
            given += quota[c];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byRemainder.add(c);
        }
        byRemainder.sort(Comparator.<Integer>comparingDouble(c -> -remainder[c]).thenComparingInt(c -> c));
        for (int i = 0; given < wanted && i < 2 * classes; i++) {
            int c = byRemainder.get(i % classes);
            if (quota[c] < byLabel.get(c).size()) {
                quota[c]++;
                given++;
            }
        }
        boolean[] chosen = new boolean[n];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < quota[c]; j++) {
                chosen[byLabel.get(c).get(j)] = true;
            }
        }
        int[] train = new int[n - given];
        int[] validation = new int[given];
        int t = 0;
        int v = 0;
        for (int i = 0; i < n; i++) {
            if (chosen[i]) {
                validation[v++] = positions[i];
            } else {
                train[t++] = positions[i];
            }
        }
        return new Split(train, validation, new int[0]);
    }

    /**
     * Step 3's folds over {@code positions}: shuffled (seeded) within their label, labels concatenated and dealt
     * round-robin into k folds, so every fold gets its share of each digit; fold i validates, the others train.
     */
    public static List<Split> folds(MnistDigits digits, int[] positions, int k, long seed) {
        if (positions.length < k) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " digits, got " + positions.length);
        }
        int[] fold = new int[positions.length];
        int dealt = 0;
        for (List<Integer> label : byLabel(digits, positions, new Random(seed))) {
            for (int i : label) {
                fold[i] = dealt++ % k;
            }
        }
        List<Split> out = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> validation = new ArrayList<>();
            for (int i = 0; i < positions.length; i++) {
                (fold[i] == f ? validation : train).add(positions[i]);
            }
            out.add(new Split(ints(train), ints(validation), new int[0]));
        }
        return out;
    }

    /** Indices into {@code positions} per label 0..9, each shuffled with {@code rnd} (labels in order: reproducible). */
    private static List<List<Integer>> byLabel(MnistDigits digits, int[] positions, Random rnd) {
        List<List<Integer>> out = new ArrayList<>(DigitsWire.CLASSES);
        for (int c = 0; c < DigitsWire.CLASSES; c++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < positions.length; i++) {
            out.get(digits.label(positions[i])).add(i);
        }
        for (List<Integer> l : out) {
            Collections.shuffle(l, rnd);
        }
        return out;
    }

    /** The model's accuracy and log loss on the digits at {@code positions}. */
    public static Score score(Model<Label> model, MnistDigits digits, int[] positions) {
        if (positions.length == 0) {
            return new Score(Double.NaN, Double.NaN, 0);
        }
        MnistDigits part = subset(digits, positions, digits.source());
        Map<String, Double> m = DigitsMetrics.holdout(DigitsXgbTrainer.probabilities(model, part, 0, part.count()), part);
        return new Score(m.get(DigitsMetrics.HOLDOUT_ACCURACY), m.get(DigitsMetrics.HOLDOUT_LOG_LOSS), part.count());
    }

    /**
     * Runs the three steps.
     *
     * @param pool      the digits in time order (see the class comment)
     * @param liveFrom  the position of the first live drawing in the pool ({@code pool.count()} when there are none)
     * @param splitSeed seeds the label-stratified draws of steps 2 and 3
     */
    public static Result evaluate(Fitter fitter, MnistDigits pool, int liveFrom, long splitSeed) {
        int n = pool.count();
        if (n < MIN_DIGITS) {
            throw new IllegalArgumentException("the three-step evaluation needs at least " + MIN_DIGITS + " digits, got " + n);
        }
        long t0 = System.nanoTime();

        Split chrono = chronological(n, CHRONO_TRAIN, CHRONO_VALIDATION);
        Model<Label> step1 = fitter.fit(subset(pool, chrono.train(), pool.source() + " (step 1: chronological 60%)"));
        Score chronoValidation = score(step1, pool, chrono.validation());
        Score chronoTest = score(step1, pool, chrono.test());
        int[] liveTest = Arrays.stream(chrono.test()).filter(i -> i >= liveFrom).toArray();
        Score liveScore = score(step1, pool, liveTest);
        double step1Seconds = seconds(t0);

        long t2 = System.nanoTime();
        Split published = stratified(pool, range(0, n), VALIDATION, splitSeed);
        Model<Label> step2 = fitter.fit(subset(pool, published.train(), pool.source() + " (step 2: label-stratified 80%)"));
        double step2FitSeconds = seconds(t2);
        Score validation = score(step2, pool, published.validation());
        double step2Seconds = seconds(t2);

        long t3 = System.nanoTime();
        int[] cvPool = chrono.train();
        if (cvPool.length > CV_MAX_DIGITS) {
            cvPool = stratified(pool, cvPool, (double) CV_MAX_DIGITS / cvPool.length, splitSeed + 2).validation();
        }
        List<Double> foldAccuracies = new ArrayList<>();
        List<Split> folds = folds(pool, cvPool, FOLDS, splitSeed + 1);
        for (int f = 0; f < folds.size(); f++) {
            Split fold = folds.get(f);
            Model<Label> m = fitter.fit(subset(pool, fold.train(), pool.source() + " (step 3: fold " + (f + 1) + ")"));
            foldAccuracies.add(score(m, pool, fold.validation()).accuracy());
        }
        double mean = foldAccuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = foldAccuracies.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / Math.max(1, foldAccuracies.size() - 1);
        double step3Seconds = seconds(t3);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(CHRONOLOGICAL_ACCURACY, chronoTest.accuracy());
        metrics.put(CHRONOLOGICAL_LOG_LOSS, chronoTest.logLoss());
        metrics.put(CHRONOLOGICAL_COUNT, (double) chronoTest.count());
        if (liveScore.count() > 0) {
            metrics.put(CHRONOLOGICAL_LIVE_ACCURACY, liveScore.accuracy());
            metrics.put(CHRONOLOGICAL_LIVE_COUNT, (double) liveScore.count());
        }
        metrics.put(VALIDATION_ACCURACY, validation.accuracy());
        metrics.put(VALIDATION_LOG_LOSS, validation.logLoss());
        metrics.put(VALIDATION_COUNT, (double) validation.count());
        metrics.put(CV_ACCURACY_MEAN, mean);
        metrics.put(CV_ACCURACY_STD, Math.sqrt(var));
        metrics.put(CV_COUNT, (double) cvPool.length);
        metrics.put(TRAIN_COUNT, (double) published.train().length);
        metrics.put(DigitsMetrics.TRAINING_SECONDS, step2FitSeconds);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pipeline", "RPS Quest three steps: (1) chronological 60/20/20 by position in the pool (topic order, "
                + "then live drawings in request time order) -> " + CHRONOLOGICAL_ACCURACY + "; (2) published model: seeded "
                + "80/20 stratified by label -> " + VALIDATION_ACCURACY + "; (3) " + FOLDS + "-fold label-stratified "
                + "cross-validation over step 1's train part" + (cvPool.length < chrono.train().length
                ? ", on a seeded label-stratified subsample of " + cvPool.length + " of its " + chrono.train().length
                + " digits (at most " + CV_MAX_DIGITS + ", to keep the first start fast)" : "")
                + " -> " + CV_ACCURACY_MEAN + "/" + CV_ACCURACY_STD + "; holdoutAccuracy: the published model on the MNIST "
                + "holdout split");
        details.put("splitSeed", splitSeed);
        details.put("poolDigits", n);
        details.put("liveDrawings", n - liveFrom);
        details.put("step1", Map.of("trainDigits", chrono.train().length, "validationDigits", chrono.validation().length,
                "testDigits", chrono.test().length, "validationAccuracy", chronoValidation.accuracy(),
                "liveTestDigits", liveTest.length, "seconds", step1Seconds));
        details.put("step2", Map.of("trainDigits", published.train().length, "validationDigits", published.validation().length,
                "seconds", step2Seconds));
        details.put("step3", Map.of("folds", FOLDS, "digits", cvPool.length, "ofStep1TrainDigits", chrono.train().length,
                "foldAccuracies", foldAccuracies, "seconds", step3Seconds));
        details.put("evaluationSeconds", seconds(t0));
        log.info("digits xgboost three-step evaluation on {} digits ({} live): chronological accuracy {}, validation "
                        + "accuracy {} (label-stratified), {}-fold CV {} +- {} on {} digits; steps took {} / {} / {} s", n,
                n - liveFrom, fmt(chronoTest.accuracy()), fmt(validation.accuracy()), FOLDS, fmt(mean), fmt(Math.sqrt(var)),
                cvPool.length, fmt1(step1Seconds), fmt1(step2Seconds), fmt1(step3Seconds));
        return new Result(step2, published.train(), metrics, details);
    }

    private static int[] range(int from, int to) {
        int[] out = new int[Math.max(0, to - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }

    private static String fmt1(double v) {
        return String.format("%.1f", v);
    }
}
