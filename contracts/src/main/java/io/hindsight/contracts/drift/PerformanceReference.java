package io.hindsight.contracts.drift;

import java.util.List;

/**
 * What the performance estimators need of a model besides its outputs, fitted by the trainer on held-out rows
 * (never trained on) and stored with the model version ({@code ModelVersion.performance}); null for models that
 * have none (uploaded ONNX, older versions): CBPE then uses the raw top-class probability, DLE skips the model.
 *
 * <p><b>CBPE calibration</b> (classifiers): an isotonic (pool-adjacent-violators) fit of "the output was right"
 * on its top-class probability, as a step function in the bins of {@link FeatureReference}:
 * {@code confidenceEdges} are the interior cut points c1 &lt; c2 &lt; ..., bin 0 holds p &lt;= c1, bin i
 * c(i) &lt; p &lt;= c(i+1); {@code calibratedAccuracy} (edges + 1 entries, non-decreasing) is the held-out
 * accuracy of each bin. Empty lists: no calibration.
 *
 * <p><b>DLE</b> (regressors, as NannyML's direct loss estimation): a "nanny" model that predicts the monitored
 * model's squared log error, log1p(predicted) - log1p(actual) squared, from {@link DleFeatures} (the request's
 * inputs and the prediction). Its Tribuo protobuf bytes are on {@code model-artifacts} under
 * {@code dleArtifactSha256}, written with header {@link #ARTIFACT_KIND_HEADER} = {@link #DLE_NANNY}. The
 * estimated RMSLE of a window is sqrt(mean of the nanny's predictions over its outputs).
 *
 * @param calibrationCount     held-out outputs the calibration was fitted on (0 without one)
 * @param dleFeatures          the nanny's feature names, in vector order ({@link DleFeatures#NAMES})
 * @param dleReferenceRmsle    the monitored model's realised RMSLE on the rows the nanny was fitted on
 * @param dleCount             rows the nanny was fitted on (0 without one)
 */
public record PerformanceReference(List<Double> confidenceEdges, List<Double> calibratedAccuracy, long calibrationCount,
                                   String dleArtifactSha256, List<String> dleFeatures, Double dleReferenceRmsle,
                                   long dleCount) {
    /** The record header on {@code model-artifacts} naming what an artifact is; absent for served models. */
    public static final String ARTIFACT_KIND_HEADER = "hindsight-artifact-kind";
    /** {@link #ARTIFACT_KIND_HEADER} value of a DLE nanny model. */
    public static final String DLE_NANNY = "dle-nanny";

    public PerformanceReference {
        confidenceEdges = confidenceEdges == null ? List.of() : List.copyOf(confidenceEdges);
        calibratedAccuracy = calibratedAccuracy == null ? List.of() : List.copyOf(calibratedAccuracy);
        dleFeatures = dleFeatures == null ? List.of() : List.copyOf(dleFeatures);
        if (!calibratedAccuracy.isEmpty() && calibratedAccuracy.size() != confidenceEdges.size() + 1) {
            throw new IllegalArgumentException(confidenceEdges.size() + " confidence edges need "
                    + (confidenceEdges.size() + 1) + " calibrated accuracies, not " + calibratedAccuracy.size());
        }
        if (calibratedAccuracy.isEmpty() && !confidenceEdges.isEmpty()) {
            throw new IllegalArgumentException("confidence edges without calibrated accuracies");
        }
    }

    /** A classifier's calibration only. */
    public static PerformanceReference calibration(List<Double> confidenceEdges, List<Double> calibratedAccuracy, long count) {
        return new PerformanceReference(confidenceEdges, calibratedAccuracy, count, null, null, null, 0);
    }

    /** A regressor's DLE nanny only. */
    public static PerformanceReference dle(String nannySha256, List<String> features, double referenceRmsle, long count) {
        return new PerformanceReference(null, null, 0, nannySha256, features, referenceRmsle, count);
    }

    /** Whether CBPE has a calibration to apply. */
    public boolean hasCalibration() {
        return !calibratedAccuracy.isEmpty();
    }

    /** Whether DLE has a nanny model. */
    public boolean hasDle() {
        return dleArtifactSha256 != null && !dleArtifactSha256.isBlank();
    }

    /** The calibrated chance that an output with this top-class probability is right; the probability itself without a calibration. */
    public double calibrate(double topProbability) {
        if (!hasCalibration()) {
            return topProbability;
        }
        int lo = 0;
        int hi = confidenceEdges.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (topProbability <= confidenceEdges.get(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return calibratedAccuracy.get(lo);
    }
}
