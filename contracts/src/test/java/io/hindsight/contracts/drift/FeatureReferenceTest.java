package io.hindsight.contracts.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.digits.DigitSummary;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureReferenceTest {

    @Test
    void continuousFeatureGetsEqualQuantileBins() {
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        FeatureReference r = FeatureReference.fit(v, 10);
        assertThat(r.bins()).isEqualTo(10);
        assertThat(r.proportions()).allSatisfy(p -> assertThat(p).isCloseTo(0.1, within(1e-9)));
        assertThat(r.bin(-5)).isZero();
        assertThat(r.bin(99)).isZero();
        assertThat(r.bin(100)).isEqualTo(1);
        assertThat(r.bin(5000)).isEqualTo(9);
    }

    @Test
    void tiedValuesMergeBins() {
        double[] sex = new double[100];
        for (int i = 0; i < 30; i++) {
            sex[i] = 1.0;
        }
        FeatureReference r = FeatureReference.fit(sex, 10);
        assertThat(r.edges()).containsExactly(0.0);
        assertThat(r.proportions()).containsExactly(0.7, 0.3);
    }

    @Test
    void caloriesAndDigitsReferencesCoverEveryFeature() {
        List<double[]> rows = new ArrayList<>();
        for (CaloriesRow row : new CaloriesGenerator(1).next(2000)) {
            rows.add(DriftFeatures.calories(row.record()));
        }
        Map<String, FeatureReference> cal = DriftFeatures.reference(DriftFeatures.names(Task.CALORIES), rows);
        assertThat(cal.keySet()).containsExactlyElementsOf(DriftFeatures.names(Task.CALORIES));
        cal.values().forEach(r -> assertThat(r.proportions().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9)));
        assertThat(cal.get("Duration").bins()).isBetween(8, 10);

        MnistDigits holdout = MnistDigits.holdout();
        double[] s = DigitSummary.of(holdout.image(0));
        assertThat(s[1]).isBetween(4.0, 20.0);
        assertThat(s[2]).isBetween(10.0, 21.0);
        assertThat(s[3]).isBetween(10.0, 18.0);
        FeatureReference json = Json.read(Json.write(cal.get("Age")), FeatureReference.class);
        assertThat(json).isEqualTo(cal.get("Age"));
    }
}
