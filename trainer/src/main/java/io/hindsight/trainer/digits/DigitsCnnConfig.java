package io.hindsight.trainer.digits;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of one CNN training run (the architecture is fixed: {@link DigitsCnn}).
 *
 * @param seed           seeds libtorch (weight initialisation) and the Java RNG that shuffles and shifts
 * @param epochs         passes over the training digits
 * @param batchSize      digits per Adam step
 * @param learningRate   Adam's initial learning rate; it decays along a cosine to 5% of it by the last step
 * @param maxTrainDigits use at most the first N train digits (tests use a few thousand)
 * @param shiftPx        each training digit is shifted by a random -shiftPx..shiftPx pixels in x and y (0: off)
 * @param threads        libtorch intra-op threads while training (and ONNX Runtime threads for the check)
 */
public record DigitsCnnConfig(long seed, int epochs, int batchSize, double learningRate, int maxTrainDigits, int shiftPx,
                              int threads) {
    /** Final learning rate as a fraction of the initial one. */
    public static final double FINAL_LR_FRACTION = 0.05;

    public DigitsCnnConfig {
        if (epochs < 1 || batchSize < 1 || maxTrainDigits < 1 || threads < 1) {
            throw new IllegalArgumentException("epochs, batchSize, maxTrainDigits and threads must be >= 1");
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1), was " + learningRate);
        }
        if (shiftPx < 0 || shiftPx > 4) {
            throw new IllegalArgumentException("shiftPx must be 0..4, was " + shiftPx);
        }
    }

    /** The first-start model: all 60,000 train digits. See the class comment of DigitsFirstStart for timings. */
    public static DigitsCnnConfig defaults() {
        return new DigitsCnnConfig(42L, 3, 64, 1e-3, 60_000, 2, 2);
    }

    /** Seconds, not minutes: a few thousand digits, one epoch. For tests. */
    public static DigitsCnnConfig tiny() {
        return new DigitsCnnConfig(7L, 1, 64, 2e-3, 3_000, 1, 2);
    }

    public DigitsCnnConfig withSeed(long s) {
        return new DigitsCnnConfig(s, epochs, batchSize, learningRate, maxTrainDigits, shiftPx, threads);
    }

    public DigitsCnnConfig withEpochs(int e) {
        return new DigitsCnnConfig(seed, e, batchSize, learningRate, maxTrainDigits, shiftPx, threads);
    }

    public DigitsCnnConfig withMaxTrainDigits(int n) {
        return new DigitsCnnConfig(seed, epochs, batchSize, learningRate, n, shiftPx, threads);
    }

    public DigitsCnnConfig withShiftPx(int px) {
        return new DigitsCnnConfig(seed, epochs, batchSize, learningRate, maxTrainDigits, px, threads);
    }

    public DigitsCnnConfig withThreads(int t) {
        return new DigitsCnnConfig(seed, epochs, batchSize, learningRate, maxTrainDigits, shiftPx, t);
    }

    public DigitsCnnConfig withLearningRate(double lr) {
        return new DigitsCnnConfig(seed, epochs, batchSize, lr, maxTrainDigits, shiftPx, threads);
    }

    public DigitsCnnConfig withBatchSize(int b) {
        return new DigitsCnnConfig(seed, epochs, b, learningRate, maxTrainDigits, shiftPx, threads);
    }

    /** For provenance: plain JSON-friendly values. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("epochs", epochs);
        m.put("batchSize", batchSize);
        m.put("learningRate", learningRate);
        m.put("learningRateSchedule", "cosine to " + FINAL_LR_FRACTION + "x over all steps");
        m.put("optimizer", "adam(beta1=0.9, beta2=0.999, eps=1e-8)");
        m.put("maxTrainDigits", maxTrainDigits);
        m.put("shiftPx", shiftPx);
        m.put("threads", threads);
        return m;
    }
}
