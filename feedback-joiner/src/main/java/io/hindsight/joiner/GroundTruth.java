package io.hindsight.joiner;

/**
 * Validated feedback, task-neutral: which request it is about, the true value (calories: kcal; classifiers:
 * the class index), when it was measured, and the original JSON for an orphan record.
 */
record GroundTruth(String requestId, double value, long eventTimeMs, String json) {
}
