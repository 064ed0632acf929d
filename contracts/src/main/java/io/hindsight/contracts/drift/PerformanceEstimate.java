package io.hindsight.contracts.drift;

/**
 * The value on {@code metrics.estimated}, keyed like {@code metrics.rolling}
 * ({@code RollingMetrics.key}: "task/family/version/alias/windowStart", same windows): a model's performance
 * estimated from its outputs alone, before any ground truth, next to the realised figure from
 * {@code metrics.rolling} once the joiner has it (null until then; the record is re-emitted when it arrives
 * or changes).
 *
 * @param method    {@link #CBPE} (classifiers: expected accuracy = mean calibrated top-class probability) or
 *                  {@link #DLE} (regressors: sqrt of the mean squared log error a nanny model predicts)
 * @param metric    the metric estimated, as named on {@code metrics.rolling}: {@link #ACCURACY} (CBPE) or
 *                  {@link #RMSLE} (DLE)
 * @param outputs   model outputs the estimate is over
 * @param realisedMatched outputs the realised figure is over (the joiner's matched count), null until known
 */
public record PerformanceEstimate(String task, String family, String version, String alias,
                                  long windowStart, long windowEnd, String method, String metric,
                                  long outputs, double estimated, Double realised, Long realisedMatched) {
    public static final String CBPE = "CBPE";
    public static final String ACCURACY = "accuracy";
    public static final String DLE = "DLE";
    public static final String RMSLE = "rmsle";

    public PerformanceEstimate withRealised(Double value, Long matched) {
        return new PerformanceEstimate(task, family, version, alias, windowStart, windowEnd, method, metric, outputs,
                estimated, value, matched);
    }
}
