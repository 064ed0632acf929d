package io.hindsight.trainer.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.drift.PerformanceReference;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pool-adjacent-violators calibration of the top-class probability, as CBPE applies it. */
class ConfidenceCalibrationTest {

    @Test
    void poolsAdjacentViolatorsByHand() {
        // 0.1 right, 0.2 wrong: a violation, pooled to 0.5; 0.3 and 0.4 both right: pooled to 1.0
        PerformanceReference r = ConfidenceCalibration.fit(new double[] {0.4, 0.1, 0.3, 0.2},
                new boolean[] {true, true, true, false}, 64);
        assertThat(r.confidenceEdges()).containsExactly(0.2);
        assertThat(r.calibratedAccuracy()).containsExactly(0.5, 1.0);
        assertThat(r.calibrationCount()).isEqualTo(4);
        assertThat(r.calibrate(0.15)).isEqualTo(0.5);
        assertThat(r.calibrate(0.25)).isEqualTo(1.0);
    }

    @Test
    void tiesShareOneValue() {
        PerformanceReference r = ConfidenceCalibration.fit(new double[] {0.9, 0.9, 0.9, 0.5},
                new boolean[] {true, false, true, false}, 64);
        assertThat(r.confidenceEdges()).containsExactly(0.5);
        assertThat(r.calibratedAccuracy().get(0)).isZero();
        assertThat(r.calibratedAccuracy().get(1)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void calibratedValuesAreMonotoneAndAverageToTheAccuracyTheyWereFittedOn() {
        Random rnd = new Random(3);
        int n = 20_000;
        double[] c = new double[n];
        boolean[] y = new boolean[n];
        int right = 0;
        for (int i = 0; i < n; i++) {
            c[i] = 0.3 + 0.7 * rnd.nextDouble();
            y[i] = rnd.nextDouble() < c[i] * c[i];
            right += y[i] ? 1 : 0;
        }
        PerformanceReference r = ConfidenceCalibration.fit(c, y, ConfidenceCalibration.MAX_STEPS);
        assertThat(r.calibratedAccuracy()).hasSizeLessThanOrEqualTo(ConfidenceCalibration.MAX_STEPS).isSorted();
        assertThat(r.confidenceEdges()).isSorted().doesNotHaveDuplicates();
        double sum = 0;
        for (double ci : c) {
            sum += r.calibrate(ci);
        }
        // isotonic regression preserves the mean: on its own data, the calibrated estimate is the accuracy
        assertThat(sum / n).isCloseTo((double) right / n, within(1e-9));
    }

    @Test
    void anOverConfidentModelIsEstimatedRightAfterCalibrationAndWrongBefore() {
        // the model says c, it is right with probability c^2: over-confident by up to 0.25
        Random rnd = new Random(11);
        int n = 10_000;
        double[] c = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            c[i] = 0.5 + 0.5 * rnd.nextDouble();
            y[i] = rnd.nextDouble() < c[i] * c[i];
        }
        PerformanceReference r = ConfidenceCalibration.fit(c, y, ConfidenceCalibration.MAX_STEPS);
        // fresh outputs of the same model
        double raw = 0;
        double calibrated = 0;
        int right = 0;
        for (int i = 0; i < n; i++) {
            double ci = 0.5 + 0.5 * rnd.nextDouble();
            raw += ci;
            calibrated += r.calibrate(ci);
            right += rnd.nextDouble() < ci * ci ? 1 : 0;
        }
        double realised = (double) right / n;
        assertThat(raw / n - realised).as("uncalibrated CBPE over-estimates").isGreaterThan(0.05);
        assertThat(calibrated / n).as("calibrated CBPE").isCloseTo(realised, within(0.015));
    }

    @Test
    void fromClassProbabilitiesOfDigits() {
        // three digits of a made-up [n,10] output: argmax 1 (right), 2 (wrong, truth 7), 7 (right)
        float[] p = new float[30];
        p[1] = 0.9f;
        p[10 + 2] = 0.6f;
        p[20 + 7] = 0.8f;
        io.hindsight.contracts.digits.MnistDigits truth = new io.hindsight.contracts.digits.MnistDigits("t", 3,
                new byte[3 * 784], new byte[] {1, 7, 7});
        PerformanceReference r = ConfidenceCalibration.fit(p, truth);
        assertThat(r.calibrate(0.6)).isZero();
        assertThat(r.calibrate(0.95)).isEqualTo(1.0);
        assertThat(r.calibrationCount()).isEqualTo(3);
    }
}
