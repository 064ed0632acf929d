package io.hindsight.trainer.rps;

import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.trainer.digits.TrainingProgress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RPS Quest's three-step training pipeline, for any family:
 * <ol>
 *   <li>chronological 60/20/20 split (train / validation / test, by time): fit on the first 60%, watch the next
 *       20%, score the last 20% — the hold-out accuracy, a check that the model generalises forward in time;</li>
 *   <li>the published model: an 80/20 split stratified by game (whole games on one side, seeded), fit on 80%
 *       with the other 20% as validation (brian stops early on it) — the validation accuracy;</li>
 *   <li>3-fold cross-validation stratified by game over step 1's training part — mean and standard deviation of
 *       the fold accuracies, a check of stability.</li>
 * </ol>
 * Splits are made of whole games (a game's rounds share its history features: a game cut in two would leak its
 * own future into the test). The chronological split orders games by their first round in the input, which is
 * topic order, which is time. Every score is computed from the fitted model's serialized bytes.
 * Gambit rounds must already be removed ({@link RpsDataset#trainable()}).
 */
public final class RpsEvaluation {
    public static final double CHRONO_TRAIN = 0.6;
    public static final double CHRONO_VALIDATION = 0.2;
    public static final double PUBLISHED_TRAIN = 0.8;
    public static final int FOLDS = 3;
    /** The smallest number of games the three steps can be run on (each fold and each side needs games). */
    public static final int MIN_GAMES = 10;

    public static final String HOLDOUT_ACCURACY = "holdoutAccuracy";
    public static final String HOLDOUT_LOG_LOSS = "holdoutLogLoss";
    public static final String HOLDOUT_ROUNDS = "holdoutRounds";
    public static final String VALIDATION_ACCURACY = "validationAccuracy";
    public static final String VALIDATION_LOG_LOSS = "validationLogLoss";
    public static final String VALIDATION_ROUNDS = "validationRounds";
    public static final String CV_ACCURACY_MEAN = "cvAccuracyMean";
    public static final String CV_ACCURACY_STD = "cvAccuracyStd";
    public static final String TRAIN_ROUNDS = "trainRounds";
    public static final String TRAINING_SECONDS = "trainingSeconds";
    private static final double EPS = 1e-15;
    private static final Logger log = LoggerFactory.getLogger(RpsEvaluation.class);

    private RpsEvaluation() {
    }

    /** Rounds on each side of a split; {@code test} is empty for two-way splits. */
    public record Split(List<RpsExample> train, List<RpsExample> validation, List<RpsExample> test) {
        public Split {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
            test = List.copyOf(test);
        }
    }

    /** Accuracy and mean log loss of a model on some rounds. */
    public record Score(double accuracy, double logLoss, int rounds) {
    }

    /**
     * What the pipeline produced: the model to publish (step 2), the metrics of all three steps, and
     * JSON-friendly details for provenance.
     */
    public record Result(FittedRps published, Map<String, Double> metrics, Map<String, Object> details) {
    }

    /** The games in order of their first round in {@code rounds}. */
    public static List<String> gamesInOrder(List<RpsExample> rounds) {
        Set<String> games = new LinkedHashSet<>();
        for (RpsExample r : rounds) {
            games.add(r.gameId());
        }
        return new ArrayList<>(games);
    }

    /** Step 1's split: the first {@code trainFraction} of games (by time), the next {@code validationFraction}, the rest. */
    public static Split chronological(List<RpsExample> rounds, double trainFraction, double validationFraction) {
        List<String> games = gamesInOrder(rounds);
        int n = games.size();
        int trainGames = (int) Math.round(n * trainFraction);
        int validationGames = (int) Math.round(n * (trainFraction + validationFraction)) - trainGames;
        Map<String, Integer> side = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            side.put(games.get(i), i < trainGames ? 0 : i < trainGames + validationGames ? 1 : 2);
        }
        return bySide(rounds, side);
    }

    /** Step 2's split: a seeded shuffle of the games, the first {@code trainFraction} of them to train. */
    public static Split byGame(List<RpsExample> rounds, double trainFraction, long seed) {
        List<String> games = gamesInOrder(rounds);
        Collections.shuffle(games, new Random(seed));
        int trainGames = (int) Math.round(games.size() * trainFraction);
        Map<String, Integer> side = new LinkedHashMap<>();
        for (int i = 0; i < games.size(); i++) {
            side.put(games.get(i), i < trainGames ? 0 : 1);
        }
        return bySide(rounds, side);
    }

    /** Step 3's folds: games shuffled (seeded) and dealt round-robin into k folds; fold i validates, the rest train. */
    public static List<Split> folds(List<RpsExample> rounds, int k, long seed) {
        List<String> games = gamesInOrder(rounds);
        if (games.size() < k) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " games, got " + games.size());
        }
        Collections.shuffle(games, new Random(seed));
        List<Split> out = new ArrayList<>(k);
        for (int fold = 0; fold < k; fold++) {
            Map<String, Integer> side = new LinkedHashMap<>();
            for (int i = 0; i < games.size(); i++) {
                side.put(games.get(i), i % k == fold ? 1 : 0);
            }
            out.add(bySide(rounds, side));
        }
        return out;
    }

    private static Split bySide(List<RpsExample> rounds, Map<String, Integer> side) {
        List<List<RpsExample>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (RpsExample r : rounds) {
            parts.get(side.get(r.gameId())).add(r); // each side keeps input (time) order
        }
        return new Split(parts.get(0), parts.get(1), parts.get(2));
    }

    /** Scores the serialized model on {@code rounds}. */
    public static Score score(FittedRps fitted, List<RpsExample> rounds) {
        try (RpsPredictor p = fitted.predictor()) {
            return score(p, rounds);
        }
    }

    public static Score score(RpsPredictor predictor, List<RpsExample> rounds) {
        if (rounds.isEmpty()) {
            return new Score(Double.NaN, Double.NaN, 0);
        }
        List<double[]> rows = new ArrayList<>(rounds.size());
        int[] labels = new int[rounds.size()];
        for (int i = 0; i < rounds.size(); i++) {
            rows.add(rounds.get(i).featureArray());
            labels[i] = rounds.get(i).label();
        }
        double[][] p = predictor.probabilities(rows);
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            correct += argmax(p[i]) == labels[i] ? 1 : 0;
        }
        return new Score(correct / (double) p.length, logLoss(p, labels), p.length);
    }

    /** Mean negative log probability of the true move, probabilities clipped at 1e-15. */
    public static double logLoss(double[][] p, int[] labels) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum -= Math.log(Math.max(EPS, p[i][labels[i]]));
        }
        return p.length == 0 ? Double.NaN : sum / p.length;
    }

    /** The first index of the largest value. */
    public static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Runs the three steps.
     *
     * @param rounds    trainable rounds (gambit rounds removed), in time order
     * @param splitSeed seeds the game shuffles of steps 2 and 3
     */
    public static Result evaluate(RpsFamilyTrainer trainer, List<RpsExample> rounds, long splitSeed,
                                  TrainingProgress progress) {
        int games = gamesInOrder(rounds).size();
        if (games < MIN_GAMES) {
            throw new IllegalArgumentException("the three-step evaluation needs at least " + MIN_GAMES
                    + " games past the gambit, got " + games);
        }
        long t0 = System.nanoTime();
        String family = trainer.config().family();

        Split chrono = chronological(rounds, CHRONO_TRAIN, CHRONO_VALIDATION);
        FittedRps step1 = trainer.fit(chrono.train(), chrono.validation(), progress);
        Score holdout = score(step1, chrono.test());
        log.debug("{} step 1: hold-out accuracy {} on {} rounds", family, holdout.accuracy(), holdout.rounds());

        Split published = byGame(rounds, PUBLISHED_TRAIN, splitSeed);
        FittedRps step2 = trainer.fit(published.train(), published.validation(), progress);
        Score validation = score(step2, published.validation());
        log.debug("{} step 2: validation accuracy {} on {} rounds", family, validation.accuracy(), validation.rounds());

        RpsFamilyTrainer cvTrainer = trainer.withoutValidation(step1);
        List<Double> foldAccuracies = new ArrayList<>();
        for (Split fold : folds(chrono.train(), FOLDS, splitSeed + 1)) {
            foldAccuracies.add(score(cvTrainer.fit(fold.train(), List.of(), progress), fold.validation()).accuracy());
        }
        double mean = foldAccuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = foldAccuracies.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / Math.max(1, foldAccuracies.size() - 1);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(HOLDOUT_ACCURACY, holdout.accuracy());
        metrics.put(HOLDOUT_LOG_LOSS, holdout.logLoss());
        metrics.put(HOLDOUT_ROUNDS, (double) holdout.rounds());
        metrics.put(VALIDATION_ACCURACY, validation.accuracy());
        metrics.put(VALIDATION_LOG_LOSS, validation.logLoss());
        metrics.put(VALIDATION_ROUNDS, (double) validation.rounds());
        metrics.put(CV_ACCURACY_MEAN, mean);
        metrics.put(CV_ACCURACY_STD, Math.sqrt(var));
        metrics.put(TRAIN_ROUNDS, (double) step2.trainRounds());
        metrics.put(TRAINING_SECONDS, step2.trainSeconds());

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pipeline", "RPS Quest three steps: (1) chronological 60/20/20 by game (train/validation/test) -> "
                + "hold-out accuracy; (2) published model: 80/20 by game, seeded, validation for early stopping -> "
                + "validation accuracy; (3) 3-fold by-game cross-validation over step 1's training part");
        details.put("splitSeed", splitSeed);
        details.put("games", games);
        details.put("step1", Map.of("trainRounds", chrono.train().size(), "validationRounds", chrono.validation().size(),
                "testRounds", chrono.test().size(), "fit", step1.details()));
        details.put("step2", Map.of("trainRounds", published.train().size(), "validationRounds", published.validation().size(),
                "fit", step2.details()));
        details.put("step3", Map.of("folds", FOLDS, "foldAccuracies", foldAccuracies));
        details.put("evaluationSeconds", (System.nanoTime() - t0) / 1e9);
        return new Result(step2, metrics, details);
    }
}
