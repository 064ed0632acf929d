package io.hindsight.drift;

/**
 * Requests per reference bin of every drift feature in one window, {@code counts[f]} for feature f in
 * {@code DriftFeatures.names(task)} order (null for a feature the reference does not have); internal state.
 * Null features before the first request.
 */
record FeatureWindowCounts(long[][] counts) {

    static FeatureWindowCounts empty() {
        return new FeatureWindowCounts(null);
    }

    FeatureWindowCounts plus(RequestBins request) {
        int features = request.bins().length;
        long[][] next = counts == null || counts.length != features ? new long[features][] : counts.clone();
        for (int f = 0; f < features; f++) {
            int size = request.sizes()[f];
            if (size <= 0) {
                continue;
            }
            next[f] = next[f] == null || next[f].length != size ? new long[size] : next[f].clone();
            next[f][request.bins()[f]]++;
        }
        return new FeatureWindowCounts(next);
    }
}
