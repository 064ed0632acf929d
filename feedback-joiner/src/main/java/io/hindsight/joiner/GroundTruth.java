package io.hindsight.joiner;

/**
 * Validated feedback, task-neutral: which request it is about, the true value (calories: kcal; classifiers:
 * the class index), when it was measured, and the original JSON for an orphan record. {@code rps} carries the
 * round's context for game scoring and is null for every other task (and in records written before it
 * existed, which then score as a plain classifier).
 */
record GroundTruth(String requestId, double value, long eventTimeMs, String json, RpsRound rps) {

    GroundTruth(String requestId, double value, long eventTimeMs, String json) {
        this(requestId, value, eventTimeMs, json, null);
    }
}
