package io.hindsight.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatesTest {
    private static final long S = 1_000_000_000L;

    /** One arrival every {@code stepNanos}, starting at {@code start}. */
    private static long[] steady(int n, long start, long stepNanos) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * stepNanos;
        }
        return t;
    }

    @Test
    void overallRateCountsTheRecordsAfterTheFirstOverTheTimeBetweenFirstAndLast() {
        long[] t = steady(1001, 5 * S, S / 1000); // 1000 intervals of 1 ms
        Rates.Span s = Rates.overall(t, t.length);
        assertThat(s.seconds()).isCloseTo(1.0, within(1e-9));
        assertThat(s.perSecond()).isCloseTo(1000.0, within(1e-6));
        assertThat(s.from()).isZero();
        assertThat(s.to()).isEqualTo(1000);
    }

    @Test
    void middleLeavesOutTheSlowWarmUpAndTheTail() {
        // 100 records over 10 s (warm-up), then 800 over 0.8 s, then 100 over 10 s (tail)
        long[] t = new long[1000];
        for (int i = 0; i < 100; i++) {
            t[i] = i * (S / 10);
        }
        for (int i = 100; i < 900; i++) {
            t[i] = t[99] + (i - 99) * (S / 1000);
        }
        for (int i = 900; i < 1000; i++) {
            t[i] = t[899] + (i - 899) * (S / 10);
        }
        Rates.Span mid = Rates.middle(t, 1000, 0.8);
        assertThat(mid.from()).isEqualTo(100);
        assertThat(mid.to()).isEqualTo(899);
        assertThat(mid.perSecond()).isCloseTo(1000.0, within(1e-6));
        assertThat(Rates.overall(t, 1000).perSecond()).isLessThan(60.0);
    }

    @Test
    void recordsOfOnePollShareATimeAndARunWithinOnePollHasNoRate() {
        long[] t = {7, 7, 7};
        assertThat(Rates.overall(t, 3).perSecond()).isNaN();
        assertThatThrownBy(() -> Rates.between(t, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rates.middle(t, 3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perSecondBucketsArrivalsByWholeSecondsSinceTheOrigin() {
        long origin = 100 * S;
        long[] t = {origin, origin + S / 2, origin + S, origin + 2 * S + 1, origin + 2 * S + 2, origin + 2 * S + 3};
        assertThat(Rates.perSecond(t, t.length, origin)).containsExactly(2, 1, 3);
        assertThat(Rates.perSecond(t, 2, origin)).containsExactly(2);
        assertThat(Rates.wholeSeconds(new long[] {5, 10, 12, 3})).containsExactly(10, 12);
        assertThat(Rates.wholeSeconds(new long[] {5, 3})).isEmpty();
    }

    @Test
    void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(Rates.median(new double[] {9.5, 7.0, 30.0})).isEqualTo(9.5);
        assertThat(Rates.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Rates.median(new double[0])).isNaN();
    }

    @Test
    void percentileIsNearestRank() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i; // 1..100, unsorted
        }
        assertThat(Rates.percentile(v, 50)).isEqualTo(50);
        assertThat(Rates.percentile(v, 99)).isEqualTo(99);
        assertThat(Rates.percentile(v, 100)).isEqualTo(100);
        assertThat(Rates.percentile(v, 0)).isEqualTo(1);
        assertThat(Rates.percentile(new double[] {3, 1, 2}, 50)).isEqualTo(2);
    }
}
