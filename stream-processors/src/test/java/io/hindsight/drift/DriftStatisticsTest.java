package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {
    static final List<Double> UNIFORM = List.of(0.25, 0.25, 0.25, 0.25);

    @Test
    void identicalDistributionsHaveNoDrift() {
        long[] live = {250, 250, 250, 250};
        assertThat(DriftStatistics.psi(UNIFORM, live)).isCloseTo(0.0, within(1e-12));
        assertThat(DriftStatistics.ksD(UNIFORM, live)).isCloseTo(0.0, within(1e-12));
        assertThat(DriftStatistics.ksPValue(0.0, 1000, 10_000)).isEqualTo(1.0);
    }

    @Test
    void psiMatchesTheTextbookFormula() {
        long[] live = {400, 300, 200, 100};
        double expected = (0.4 - 0.25) * Math.log(0.4 / 0.25) + (0.3 - 0.25) * Math.log(0.3 / 0.25)
                + (0.2 - 0.25) * Math.log(0.2 / 0.25) + (0.1 - 0.25) * Math.log(0.1 / 0.25);
        assertThat(DriftStatistics.psi(UNIFORM, live)).isCloseTo(expected, within(1e-12));
        assertThat(DriftStatistics.ksD(UNIFORM, live)).isCloseTo(0.2, within(1e-12)); // 0.7 vs 0.5 at the second edge
    }

    @Test
    void ksPValueFollowsTheKolmogorovDistribution() {
        // Q_KS(1.36) ~ 0.05, Q_KS(1.63) ~ 0.01: the classic critical values
        assertThat(DriftStatistics.qks(1.36)).isCloseTo(0.049, within(0.002));
        assertThat(DriftStatistics.qks(1.63)).isCloseTo(0.010, within(0.001));
        assertThat(DriftStatistics.ksPValue(0.2, 1000, 10_000)).isLessThan(1e-20);
    }

    @Test
    void aWindowNeedsEnoughRequestsToBeFlagged() {
        assertThat(DriftStatistics.drifted(10, 50, 5.0, 0.9, 0.0)).isFalse();
        assertThat(DriftStatistics.drifted(100, 50, 0.25, 0.0, 1.0)).isTrue();
        assertThat(DriftStatistics.drifted(100, 50, 0.1, 0.15, 1e-5)).isTrue();
        assertThat(DriftStatistics.drifted(100, 50, 0.1, 0.05, 1e-5)).isFalse();
    }
}
