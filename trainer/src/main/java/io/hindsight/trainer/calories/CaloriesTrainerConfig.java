package io.hindsight.trainer.calories;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of one calories training run. The defaults train 20k rows in a few seconds on two cores,
 * because the app trains on its first start; {@link #shadow()} is a cheaper, differently shaped model so
 * shadow scoring has something to compare from the first run.
 *
 * @param trees            boosting rounds
 * @param maxDepth         maximum tree depth
 * @param eta              shrinkage per round
 * @param subsample        fraction of rows sampled per tree (seeded)
 * @param seed             Tribuo/XGBoost RNG seed
 * @param threads          XGBoost threads for training
 * @param holdoutFraction  the chronologically last fraction of rows kept out of training and scored
 */
public record CaloriesTrainerConfig(int trees, int maxDepth, double eta, double subsample, long seed, int threads,
                                    double holdoutFraction) {
    public CaloriesTrainerConfig {
        if (trees < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("trees and maxDepth must be >= 1, were " + trees + ", " + maxDepth);
        }
        if (!(eta > 0 && eta <= 1) || !(subsample > 0 && subsample <= 1)) {
            throw new IllegalArgumentException("eta and subsample must be in (0, 1], were " + eta + ", " + subsample);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new IllegalArgumentException("holdoutFraction must be in (0, 1), was " + holdoutFraction);
        }
    }

    public static CaloriesTrainerConfig defaults() {
        return new CaloriesTrainerConfig(200, 6, 0.1, 0.8, 42L, 2, 0.2);
    }

    /** Fewer, shallower trees: cheaper to train and to serve, and visibly a little worse. */
    public static CaloriesTrainerConfig shadow() {
        return new CaloriesTrainerConfig(60, 3, 0.3, 1.0, 7L, 2, 0.2);
    }

    public CaloriesTrainerConfig withTrees(int n) {
        return new CaloriesTrainerConfig(n, maxDepth, eta, subsample, seed, threads, holdoutFraction);
    }

    public CaloriesTrainerConfig withMaxDepth(int d) {
        return new CaloriesTrainerConfig(trees, d, eta, subsample, seed, threads, holdoutFraction);
    }

    public CaloriesTrainerConfig withEta(double e) {
        return new CaloriesTrainerConfig(trees, maxDepth, e, subsample, seed, threads, holdoutFraction);
    }

    public CaloriesTrainerConfig withSeed(long s) {
        return new CaloriesTrainerConfig(trees, maxDepth, eta, subsample, s, threads, holdoutFraction);
    }

    public CaloriesTrainerConfig withThreads(int t) {
        return new CaloriesTrainerConfig(trees, maxDepth, eta, subsample, seed, t, holdoutFraction);
    }

    /** For provenance: plain JSON-friendly values. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trees", trees);
        m.put("maxDepth", maxDepth);
        m.put("eta", eta);
        m.put("subsample", subsample);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("holdoutFraction", holdoutFraction);
        return m;
    }
}
