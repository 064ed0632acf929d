package io.hindsight.trainer.evaluation;

/**
 * Errors on the calories scale (kcal), the ones the online scorer reports too, so offline and online
 * numbers can be compared: RMSLE (the Kaggle PS S5E5 metric) and MAE.
 */
public final class RegressionMetrics {
    public static final String RMSLE = "holdout_rmsle";
    public static final String MAE = "holdout_mae_kcal";

    private RegressionMetrics() {
    }

    /** Root mean squared log error; negative values are clamped to zero as the competition metric does. */
    public static double rmsle(double[] actual, double[] predicted) {
        check(actual, predicted);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.log1p(Math.max(0, predicted[i])) - Math.log1p(Math.max(0, actual[i]));
            sum += d * d;
        }
        return Math.sqrt(sum / actual.length);
    }

    public static double mae(double[] actual, double[] predicted) {
        check(actual, predicted);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(predicted[i] - actual[i]);
        }
        return sum / actual.length;
    }

    private static void check(double[] actual, double[] predicted) {
        if (actual.length != predicted.length || actual.length == 0) {
            throw new IllegalArgumentException("need equally long, non-empty arrays; got " + actual.length + " and " + predicted.length);
        }
    }
}
