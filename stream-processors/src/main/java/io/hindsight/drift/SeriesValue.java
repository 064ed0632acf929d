package io.hindsight.drift;

/**
 * One model output's contribution to a performance estimate of its series (task/family/version/alias): CBPE its
 * calibrated chance of being right, DLE its nanny-estimated squared log error.
 */
record SeriesValue(String family, String version, String alias, double value) {
}
