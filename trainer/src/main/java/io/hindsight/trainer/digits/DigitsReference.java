package io.hindsight.trainer.digits;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.digits.MnistDigits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The drift reference of a digits model: {@link DriftFeatures} of the digits it was fitted on. */
public final class DigitsReference {
    private DigitsReference() {
    }

    /** Reference histograms of the first {@code n} digits (the ones a trainer fits on). */
    public static Map<String, FeatureReference> of(MnistDigits digits, int n) {
        List<double[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(DriftFeatures.digits(digits.image(i)));
        }
        return DriftFeatures.reference(DriftFeatures.names(Task.DIGITS), rows);
    }
}
