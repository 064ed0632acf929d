package io.hindsight.contracts.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.calories.CaloriesRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerformanceReferenceTest {

    @Test
    void calibrationIsAStepFunctionInTheBinsOfFeatureReference() {
        PerformanceReference r = PerformanceReference.calibration(List.of(0.5, 0.9), List.of(0.3, 0.7, 0.97), 100);
        assertThat(r.hasCalibration()).isTrue();
        assertThat(r.hasDle()).isFalse();
        assertThat(r.calibrate(0.2)).isEqualTo(0.3);
        assertThat(r.calibrate(0.5)).isEqualTo(0.3); // edges are upper bounds, inclusive
        assertThat(r.calibrate(0.51)).isEqualTo(0.7);
        assertThat(r.calibrate(0.9)).isEqualTo(0.7);
        assertThat(r.calibrate(0.999)).isEqualTo(0.97);
    }

    @Test
    void withoutCalibrationTheProbabilityIsUsedAsIs() {
        PerformanceReference r = PerformanceReference.dle("c".repeat(64), DleFeatures.NAMES, 0.05, 10);
        assertThat(r.hasCalibration()).isFalse();
        assertThat(r.hasDle()).isTrue();
        assertThat(r.calibrate(0.83)).isEqualTo(0.83);
    }

    @Test
    void mismatchedSizesAreRejected() {
        assertThatThrownBy(() -> PerformanceReference.calibration(List.of(0.5), List.of(0.3), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PerformanceReference.calibration(List.of(0.5), List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dleFeaturesAreTheInputsAndTheLoggedPrediction() {
        CaloriesRecord r = new CaloriesRecord("1", "female", 30, 170, 60, 20, 100, 40.0);
        double[] v = DleFeatures.vector(r, 99.0);
        assertThat(DleFeatures.NAMES).hasSize(8).endsWith(DleFeatures.PREDICTION);
        assertThat(v).hasSize(8);
        assertThat(v[0]).isZero();
        assertThat(v[7]).isCloseTo(Math.log(100.0), within(1e-12));
        assertThat(DleFeatures.squaredLogError(99.0, 149.0)).isCloseTo(Math.pow(Math.log(100.0 / 150.0), 2), within(1e-12));
        assertThat(DleFeatures.squaredLogError(-5, 0)).isZero();
        assertThat(DleFeatures.rmsle(0.04 * 3, 3)).isCloseTo(0.2, within(1e-12));
        assertThat(DleFeatures.rmsle(-1e-4, 3)).isZero();
    }
}
