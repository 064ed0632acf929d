package io.hindsight.contracts.model;

import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.drift.PerformanceReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value on {@code models}, keyed by version: metadata and provenance of one trained model. The bytes
 * live on {@code model-artifacts} under {@code artifactSha256}.
 *
 * @param format {@link #TRIBUO_PROTOBUF} or {@link #ONNX}; never Java serialization
 * @param provenance trainer configuration, seed, data description, library versions (free-form JSON)
 * @param reference the training data's distribution of each drift feature ({@code DriftFeatures.names(task)}),
 *                  what the drift monitor compares live requests with; empty when unknown (uploaded models)
 * @param performance what the performance estimators need, fitted on held-out rows: the CBPE calibration of a
 *                    classifier, the DLE nanny of a regressor; null when there is none (uploaded models, older versions)
 */
public record ModelVersion(String version, String task, String family, long createdAt, String format,
                           String artifactSha256, long artifactBytes, List<String> features,
                           Map<String, Double> metrics, Map<String, Object> provenance,
                           List<TrainingRange> trainingRanges, String codeVersion,
                           Map<String, FeatureReference> reference, PerformanceReference performance) {
    public static final String TRIBUO_PROTOBUF = "tribuo-protobuf";
    public static final String ONNX = "onnx";

    public ModelVersion {
        features = features == null ? List.of() : List.copyOf(features);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        provenance = provenance == null ? Map.of() : provenance;
        trainingRanges = trainingRanges == null ? List.of() : List.copyOf(trainingRanges);
        reference = reference == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reference));
    }

    /** Without performance reference (older callers). */
    public ModelVersion(String version, String task, String family, long createdAt, String format,
                        String artifactSha256, long artifactBytes, List<String> features,
                        Map<String, Double> metrics, Map<String, Object> provenance,
                        List<TrainingRange> trainingRanges, String codeVersion,
                        Map<String, FeatureReference> reference) {
        this(version, task, family, createdAt, format, artifactSha256, artifactBytes, features, metrics, provenance,
                trainingRanges, codeVersion, reference, null);
    }

    /** Without a reference distribution (uploaded models, older callers). */
    public ModelVersion(String version, String task, String family, long createdAt, String format,
                        String artifactSha256, long artifactBytes, List<String> features,
                        Map<String, Double> metrics, Map<String, Object> provenance,
                        List<TrainingRange> trainingRanges, String codeVersion) {
        this(version, task, family, createdAt, format, artifactSha256, artifactBytes, features, metrics, provenance,
                trainingRanges, codeVersion, null, null);
    }

    public ModelVersion withReference(Map<String, FeatureReference> reference) {
        return new ModelVersion(version, task, family, createdAt, format, artifactSha256, artifactBytes, features,
                metrics, provenance, trainingRanges, codeVersion, reference, performance);
    }

    public ModelVersion withPerformance(PerformanceReference performance) {
        return new ModelVersion(version, task, family, createdAt, format, artifactSha256, artifactBytes, features,
                metrics, provenance, trainingRanges, codeVersion, reference, performance);
    }
}
