package io.hindsight.trainer.digits;

import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Held-out scores of a digits classifier from its class probabilities: accuracy, log loss (natural log,
 * probabilities clipped at 1e-15) and per-class accuracy (recall: of the digits that were a 3, how many were
 * called a 3). Keys are what {@code ModelVersion.metrics} holds.
 */
public final class DigitsMetrics {
    public static final String HOLDOUT_ACCURACY = "holdoutAccuracy";
    public static final String HOLDOUT_LOG_LOSS = "holdoutLogLoss";
    public static final String HOLDOUT_COUNT = "holdoutCount";
    public static final String TRAINING_SECONDS = "trainingSeconds";
    /** Per-class accuracy key prefix: {@code holdoutAccuracy_0} .. {@code holdoutAccuracy_9}. */
    public static final String HOLDOUT_CLASS_ACCURACY_PREFIX = HOLDOUT_ACCURACY + "_";
    private static final double EPS = 1e-15;

    private DigitsMetrics() {
    }

    /**
     * @param probabilities row-major [n, 10] class probabilities of digits 0..n-1 of {@code truth}
     */
    public static Map<String, Double> holdout(float[] probabilities, MnistDigits truth) {
        int k = DigitsWire.CLASSES;
        int n = probabilities.length / k;
        if (n * k != probabilities.length || n > truth.count() || n == 0) {
            throw new IllegalArgumentException(probabilities.length + " probabilities are not [n,10] for "
                    + truth.count() + " digits");
        }
        int correct = 0;
        double logLoss = 0;
        int[] perClass = new int[k];
        int[] perClassCorrect = new int[k];
        for (int i = 0; i < n; i++) {
            int label = truth.label(i);
            int predicted = argmax(probabilities, i * k, k);
            perClass[label]++;
            if (predicted == label) {
                correct++;
                perClassCorrect[label]++;
            }
            logLoss -= Math.log(Math.max(EPS, probabilities[i * k + label]));
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(HOLDOUT_ACCURACY, (double) correct / n);
        m.put(HOLDOUT_LOG_LOSS, logLoss / n);
        m.put(HOLDOUT_COUNT, (double) n);
        for (int c = 0; c < k; c++) {
            m.put(HOLDOUT_CLASS_ACCURACY_PREFIX + c, perClass[c] == 0 ? Double.NaN : (double) perClassCorrect[c] / perClass[c]);
        }
        m.values().removeIf(v -> v.isNaN()); // JSON has no NaN; a class absent from a tiny holdout has no score
        return m;
    }

    /** Index of the largest of {@code length} values starting at {@code from} (first one on ties). */
    public static int argmax(float[] values, int from, int length) {
        int best = 0;
        for (int c = 1; c < length; c++) {
            if (values[from + c] > values[from + best]) {
                best = c;
            }
        }
        return best;
    }
}
