package io.hindsight.contracts.drift;

import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.calories.CaloriesRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature contract of the calories DLE nanny (see {@link PerformanceReference}), shared by the trainer that
 * fits it and the drift monitor that runs it: the 7 request inputs as the model sees them
 * ({@link CaloriesFeatures#vector}) and the model's prediction as log1p(kcal). Its target is
 * {@link #squaredLogError}, the term the joiner's RMSLE averages.
 */
public final class DleFeatures {
    public static final String PREDICTION = "log1p_predicted";
    public static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>(CaloriesFeatures.NAMES);
        names.add(PREDICTION);
        NAMES = List.copyOf(names);
    }

    private DleFeatures() {
    }

    /** The nanny's input for one served (or shadow) prediction of kcal for this record. */
    public static double[] vector(CaloriesRecord r, double predictedKcal) {
        double[] inputs = CaloriesFeatures.vector(r);
        double[] v = java.util.Arrays.copyOf(inputs, inputs.length + 1);
        v[inputs.length] = Math.log1p(Math.max(0.0, predictedKcal));
        return v;
    }

    /** (log1p(predicted) - log1p(actual))^2, negatives floored at 0 as the joiner does. */
    public static double squaredLogError(double predictedKcal, double actualKcal) {
        double d = Math.log1p(Math.max(0.0, predictedKcal)) - Math.log1p(Math.max(0.0, actualKcal));
        return d * d;
    }

    /** sqrt of the mean estimated squared log error, floored at 0 (a nanny may predict a slightly negative loss). */
    public static double rmsle(double sumSquaredLogError, long n) {
        return n == 0 ? Double.NaN : Math.sqrt(Math.max(0.0, sumSquaredLogError / n));
    }
}
