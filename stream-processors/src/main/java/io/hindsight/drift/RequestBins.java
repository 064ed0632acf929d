package io.hindsight.drift;

/**
 * One request's drift features as the reference bins they fall in, in {@code DriftFeatures.names(task)} order:
 * {@code bins[f]} of {@code sizes[f]}, or -1 of 0 for a feature the reference does not have (a model trained
 * before the feature was monitored). One record per request, not one per feature: each record costs a
 * repartition write and read, a window update and a suppression-buffer update.
 */
record RequestBins(int[] bins, int[] sizes) {
    RequestBins {
        if (bins.length != sizes.length) {
            throw new IllegalArgumentException(bins.length + " bins for " + sizes.length + " features");
        }
    }
}
