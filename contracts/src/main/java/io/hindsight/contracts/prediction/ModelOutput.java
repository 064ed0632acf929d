package io.hindsight.contracts.prediction;

import java.util.List;

/**
 * One model's answer to one request. {@code value} is the prediction itself (calories: kcal; classifiers:
 * the predicted class index); {@code scores} the class probabilities for classifiers, empty for regression.
 */
public record ModelOutput(String family, String version, String alias, double value, List<Double> scores) {
    public ModelOutput {
        scores = scores == null ? List.of() : List.copyOf(scores);
    }
}
