package io.hindsight.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values from scipy.stats (norm.cdf, t.sf, ttest_1samp(alternative="greater")). */
class StatisticsTest {
    @Test
    void normalCdfMatchesReferenceValues() {
        assertThat(Statistics.normalCdf(0)).isEqualTo(0.5);
        assertThat(Statistics.normalCdf(1.96)).isCloseTo(0.9750021048517795, within(1e-14));
        assertThat(Statistics.normalCdf(-1.0)).isCloseTo(0.15865525393145707, within(1e-14));
        assertThat(Statistics.normalCdf(3.5)).isCloseTo(0.9997673709209645, within(1e-14));
        assertThat(Statistics.normalCdf(-8.0)).isCloseTo(6.22096057427174e-16, within(1e-20));
    }

    @Test
    void studentTTailMatchesReferenceValues() {
        assertThat(Statistics.studentTUpperTail(2.0, 10)).isCloseTo(0.03669401738537018, within(1e-12));
        assertThat(Statistics.studentTUpperTail(-1.5, 4)).isCloseTo(0.896, within(1e-12));
        assertThat(Statistics.studentTUpperTail(1.2, 199)).isCloseTo(0.11578299633637244, within(1e-12));
        assertThat(Statistics.logGamma(0.5)).isCloseTo(0.5723649429247004, within(1e-13)); // ln sqrt(pi)
        assertThat(Statistics.logGamma(10)).isCloseTo(Math.log(362_880), within(1e-12));  // ln 9!
    }

    @Test
    void twoProportionZByHand() {
        // 24/30 = 0.8 vs 15/30 = 0.5; pooled 39/60 = 0.65; se = sqrt(0.65 * 0.35 * (1/30 + 1/30)) = 0.1231530;
        // z = 0.3 / 0.1231530 = 2.435994; p = 1 - Phi(z) = 0.0074255
        Statistics.TestResult r = Statistics.twoProportionZ(24, 30, 15, 30);
        assertThat(r.statistic()).isCloseTo(2.435993828823451, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.007425468943682439, within(1e-12));
        assertThat(Statistics.twoProportionZ(15, 30, 24, 30).pValue()).as("one-sided: worse is not better")
                .isCloseTo(1 - 0.007425468943682439, within(1e-12));
        assertThat(Statistics.twoProportionZ(30, 30, 40, 40)).isEqualTo(new Statistics.TestResult(0.0, 0.5));
    }

    @Test
    void pairedTByHand() {
        double[] d = {0.02, 0.01, 0.03, -0.01, 0.02, 0.0, 0.015, 0.025};
        double sum = 0;
        double sq = 0;
        for (double x : d) {
            sum += x;
            sq += x * x;
        }
        // mean 0.01375, sd 0.0132961, se = sd / sqrt(8) = 0.00470090, t = 2.924988, df 7, p = 0.011091
        Statistics.TestResult r = Statistics.pairedT(d.length, sum, sq);
        assertThat(r.statistic()).isCloseTo(2.924988129130707, within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.011090965932134359, within(1e-9));
    }

    @Test
    void pairedTWithoutSpread() {
        assertThat(Statistics.pairedT(5, 0.5, 0.05)).isEqualTo(new Statistics.TestResult(null, 0.0)); // all +0.1
        assertThat(Statistics.pairedT(5, 0.0, 0.0)).isEqualTo(new Statistics.TestResult(null, 0.5));
        assertThatThrownBy(() -> Statistics.pairedT(1, 0.1, 0.01)).hasMessageContaining("2 pairs");
    }
}
