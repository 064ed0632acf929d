package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramTest {
    static final double[] BOUNDS = {10, 20, 40};

    @Test
    void aValueOnABoundBelongsToThatBucket() {
        assertThat(Histogram.bucketOf(BOUNDS, -3)).isZero();
        assertThat(Histogram.bucketOf(BOUNDS, 10)).isZero();
        assertThat(Histogram.bucketOf(BOUNDS, 10.001)).isEqualTo(1);
        assertThat(Histogram.bucketOf(BOUNDS, 41)).isEqualTo(3);
    }

    @Test
    void quantilesInterpolateWithinTheirBucketLikePrometheus() {
        long[] counts = {2, 2, 0, 0};
        assertThat(Histogram.quantile(BOUNDS, counts, 0.5)).isEqualTo(10.0);
        assertThat(Histogram.quantile(BOUNDS, counts, 0.75)).isEqualTo(15.0);
        assertThat(Histogram.quantile(BOUNDS, new long[] {0, 0, 0, 5}, 0.5)).isEqualTo(40.0);
        assertThat(Histogram.quantile(BOUNDS, new long[4], 0.5)).isZero();
    }

    @Test
    void mapsEveryBucketInOrderWithPlusInf() {
        assertThat(Histogram.toMap(new double[] {0.5, 2}, new long[] {1, 0, 3}))
                .containsExactly(java.util.Map.entry("0.5", 1L), java.util.Map.entry("2", 0L), java.util.Map.entry("+Inf", 3L));
    }
}
