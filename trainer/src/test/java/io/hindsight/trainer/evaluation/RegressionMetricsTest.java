package io.hindsight.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    @Test
    void perfectPredictionsHaveNoError() {
        double[] y = {1, 10, 100};
        assertThat(RegressionMetrics.rmsle(y, y)).isZero();
        assertThat(RegressionMetrics.mae(y, y)).isZero();
    }

    @Test
    void rmsleIsComputedOnLog1p() {
        double[] actual = {Math.E - 1, 0};
        double[] predicted = {0, 0};
        // errors 1 and 0 in log space -> sqrt(1/2)
        assertThat(RegressionMetrics.rmsle(actual, predicted)).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(RegressionMetrics.mae(new double[] {10, 20}, new double[] {12, 17})).isEqualTo(2.5);
    }

    @Test
    void negativePredictionsAreClampedLikeTheCompetitionMetric() {
        assertThat(RegressionMetrics.rmsle(new double[] {0}, new double[] {-5})).isZero();
    }

    @Test
    void rejectsMismatchedOrEmptyInput() {
        assertThatThrownBy(() -> RegressionMetrics.rmsle(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegressionMetrics.mae(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
