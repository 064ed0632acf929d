package io.hindsight.trainer.rps;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.trainer.publish.ModelPublisher;
import java.util.List;

/**
 * A freshly trained rps model, ready for {@link ModelPublisher}: metadata for {@code models} and the bytes for
 * {@code model-artifacts} (Tribuo protobuf for forrest and logan, ONNX for brian). The version is
 * {@code rps-<family>-<first 12 hex of the artifact's sha256>}.
 */
public record RpsTrainedModel(ModelVersion metadata, byte[] artifact) {

    public String version() {
        return metadata.version();
    }

    public String family() {
        return metadata.family();
    }

    public double metric(String name) {
        return metadata.metrics().getOrDefault(name, Double.NaN);
    }

    /** Loads the bytes as the predictor would; the caller closes it. */
    public RpsPredictor predictor() {
        return RpsPredictor.load(metadata.format(), artifact);
    }

    /** Publishes it with the given aliases in one transaction; returns the version. */
    public String publish(ModelPublisher publisher, List<String> aliases, String reason) {
        publisher.publish(metadata, artifact, aliases, reason);
        return version();
    }
}
