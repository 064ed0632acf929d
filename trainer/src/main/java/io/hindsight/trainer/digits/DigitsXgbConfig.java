package io.hindsight.trainer.digits;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of the digits XGBoost challenger (multi-class softprob, hist trees, one tree per class per round).
 *
 * @param maxTrainDigits    train on the first N train digits (XGBoost on 784 dense pixels is slow; see defaults)
 * @param rounds            boosting rounds (each adds 10 trees, one per class)
 * @param maxDepth          maximum tree depth
 * @param eta               shrinkage per round
 * @param subsample         fraction of digits sampled per tree (seeded)
 * @param featureSubsample  fraction of the 784 pixels considered per tree (seeded)
 * @param seed              XGBoost RNG seed
 * @param threads           XGBoost threads
 */
public record DigitsXgbConfig(int maxTrainDigits, int rounds, int maxDepth, double eta, double subsample,
                              double featureSubsample, long seed, int threads) {
    public DigitsXgbConfig {
        if (maxTrainDigits < 10 || rounds < 1 || maxDepth < 1 || threads < 1) {
            throw new IllegalArgumentException("maxTrainDigits >= 10, rounds, maxDepth and threads >= 1 required");
        }
        if (!(eta > 0 && eta <= 1) || !(subsample > 0 && subsample <= 1) || !(featureSubsample > 0 && featureSubsample <= 1)) {
            throw new IllegalArgumentException("eta, subsample and featureSubsample must be in (0, 1]");
        }
    }

    /**
     * The first-start challenger (alias B), and what the retrainer trains on policy. See DigitsFirstStart for the
     * measured time and accuracy.
     */
    public static DigitsXgbConfig defaults() {
        return new DigitsXgbConfig(12_000, 60, 6, 0.3, 0.8, 0.5, 42L, 2);
    }

    /** Seconds: for tests. */
    public static DigitsXgbConfig tiny() {
        return new DigitsXgbConfig(2_000, 15, 4, 0.3, 0.8, 0.5, 7L, 2);
    }

    public DigitsXgbConfig withMaxTrainDigits(int n) {
        return new DigitsXgbConfig(n, rounds, maxDepth, eta, subsample, featureSubsample, seed, threads);
    }

    public DigitsXgbConfig withRounds(int r) {
        return new DigitsXgbConfig(maxTrainDigits, r, maxDepth, eta, subsample, featureSubsample, seed, threads);
    }

    public DigitsXgbConfig withMaxDepth(int d) {
        return new DigitsXgbConfig(maxTrainDigits, rounds, d, eta, subsample, featureSubsample, seed, threads);
    }

    public DigitsXgbConfig withThreads(int t) {
        return new DigitsXgbConfig(maxTrainDigits, rounds, maxDepth, eta, subsample, featureSubsample, seed, t);
    }

    public DigitsXgbConfig withSeed(long s) {
        return new DigitsXgbConfig(maxTrainDigits, rounds, maxDepth, eta, subsample, featureSubsample, s, threads);
    }

    /** For provenance: plain JSON-friendly values. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxTrainDigits", maxTrainDigits);
        m.put("rounds", rounds);
        m.put("maxDepth", maxDepth);
        m.put("eta", eta);
        m.put("subsample", subsample);
        m.put("featureSubsample", featureSubsample);
        m.put("seed", seed);
        m.put("threads", threads);
        return m;
    }
}
