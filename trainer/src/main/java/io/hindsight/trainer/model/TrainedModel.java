package io.hindsight.trainer.model;

import io.hindsight.contracts.model.ModelVersion;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * A freshly trained model: its metadata for {@code models}, its Tribuo protobuf bytes for
 * {@code model-artifacts}, and the live Tribuo model (for evaluation and tests; it is never published).
 *
 * @param sidecars further artifacts published with it on {@code model-artifacts}, by sha256, each with its kind
 *                 (the {@code hindsight-artifact-kind} header): e.g. the DLE nanny its metadata refers to
 */
public record TrainedModel(ModelVersion metadata, byte[] artifact, Model<Regressor> model, Map<String, Sidecar> sidecars) {

    public TrainedModel {
        sidecars = sidecars == null ? Map.of() : Map.copyOf(sidecars);
    }

    public TrainedModel(ModelVersion metadata, byte[] artifact, Model<Regressor> model) {
        this(metadata, artifact, model, Map.of());
    }

    public String version() {
        return metadata.version();
    }

    /** An artifact that is not the served model: its bytes and what it is. */
    public record Sidecar(String kind, byte[] bytes) {
    }
}
