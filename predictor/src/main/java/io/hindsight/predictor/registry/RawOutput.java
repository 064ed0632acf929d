package io.hindsight.predictor.registry;

/**
 * One model's answer to one row before it is tagged with family, version and alias.
 *
 * @param value  the prediction: kcal for calories, the predicted class index for classifiers
 * @param scores class probabilities in class-index order; empty for regression
 */
public record RawOutput(double value, double[] scores) {
    public static final double[] NONE = new double[0];

    public static RawOutput of(double value) {
        return new RawOutput(value, NONE);
    }

    /** The arg-max class with its probabilities. */
    public static RawOutput ofScores(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return new RawOutput(best, scores);
    }
}
