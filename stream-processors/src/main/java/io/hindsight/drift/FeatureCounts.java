package io.hindsight.drift;

/** Requests per reference bin of one feature in one window; internal state. Null counts before the first request. */
record FeatureCounts(long[] counts) {

    static FeatureCounts empty() {
        return new FeatureCounts(null);
    }

    FeatureCounts plus(FeatureObservation o) {
        long[] next = counts == null || counts.length != o.bins() ? new long[o.bins()] : counts.clone();
        next[o.bin()]++;
        return new FeatureCounts(next);
    }
}
