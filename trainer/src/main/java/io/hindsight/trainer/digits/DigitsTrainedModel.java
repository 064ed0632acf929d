package io.hindsight.trainer.digits;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.trainer.publish.ModelPublisher;
import java.util.List;

/**
 * A freshly trained digits model, ready for {@link ModelPublisher#publish(ModelVersion, byte[], List, String)}:
 * its metadata for {@code models} and its bytes for {@code model-artifacts} (ONNX for the CNN, Tribuo protobuf
 * for XGBoost). The version is {@code digits-<family>-<first 12 hex of the artifact's sha256>}.
 */
public record DigitsTrainedModel(ModelVersion metadata, byte[] artifact) {

    public String version() {
        return metadata.version();
    }

    public double holdoutAccuracy() {
        return metadata.metrics().getOrDefault(DigitsMetrics.HOLDOUT_ACCURACY, Double.NaN);
    }

    /** Publishes it with the given aliases in one transaction; returns the version. */
    public String publish(ModelPublisher publisher, List<String> aliases, String reason) {
        publisher.publish(metadata, artifact, aliases, reason);
        return version();
    }
}
