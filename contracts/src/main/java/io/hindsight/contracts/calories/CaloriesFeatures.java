package io.hindsight.contracts.calories;

import java.util.List;

/**
 * The calories feature contract, used by the trainer and the predictor alike. The model is trained on
 * log1p(Calories); {@link #toCalories(double)} turns its output back into kcal.
 */
public final class CaloriesFeatures {
    /** Feature names in vector order; Sex is 1.0 for male, 0.0 for female. */
    public static final List<String> NAMES =
            List.of("Sex", "Age", "Height", "Weight", "Duration", "Heart_Rate", "Body_Temp");

    private CaloriesFeatures() {
    }

    public static double[] vector(CaloriesRecord r) {
        return new double[] {
            "male".equals(r.sex()) ? 1.0 : 0.0, r.age(), r.height(), r.weight(), r.duration(), r.heartRate(), r.bodyTemp()
        };
    }

    public static double target(double calories) {
        return Math.log1p(calories);
    }

    /** Inverse of {@link #target}, floored at zero: a burn is never negative. */
    public static double toCalories(double modelOutput) {
        return Math.max(0.0, Math.expm1(modelOutput));
    }
}
