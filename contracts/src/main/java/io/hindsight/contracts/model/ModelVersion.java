package io.hindsight.contracts.model;

import java.util.List;
import java.util.Map;

/**
 * The value on {@code models}, keyed by version: metadata and provenance of one trained model. The bytes
 * live on {@code model-artifacts} under {@code artifactSha256}.
 *
 * @param format {@link #TRIBUO_PROTOBUF} or {@link #ONNX}; never Java serialization
 * @param provenance trainer configuration, seed, data description, library versions (free-form JSON)
 */
public record ModelVersion(String version, String task, String family, long createdAt, String format,
                           String artifactSha256, long artifactBytes, List<String> features,
                           Map<String, Double> metrics, Map<String, Object> provenance,
                           List<TrainingRange> trainingRanges, String codeVersion) {
    public static final String TRIBUO_PROTOBUF = "tribuo-protobuf";
    public static final String ONNX = "onnx";

    public ModelVersion {
        features = features == null ? List.of() : List.copyOf(features);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        provenance = provenance == null ? Map.of() : provenance;
        trainingRanges = trainingRanges == null ? List.of() : List.copyOf(trainingRanges);
    }
}
