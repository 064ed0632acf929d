package io.hindsight.drift;

/** One request's value of one feature, as the reference bin it falls in (of {@code bins}); internal to the topology. */
record FeatureObservation(int bin, int bins) {
}
