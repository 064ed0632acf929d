package io.hindsight.contracts.prediction;

/**
 * The value on {@code <task>.scored}: one model output joined with its ground truth. A request yields one
 * scored record per output (served and shadows). Regression fills absError and squaredLogError;
 * classifiers fill correct.
 */
public record ScoredRecord(String requestId, String task, String family, String version, String alias,
                           boolean served, double predicted, double truth, double absError,
                           Double squaredLogError, Boolean correct, long predictedTs, long feedbackTs,
                           long lagMs) {
}
