package io.hindsight.trainer.model;

import io.hindsight.contracts.model.ModelVersion;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * A freshly trained model: its metadata for {@code models}, its Tribuo protobuf bytes for
 * {@code model-artifacts}, and the live Tribuo model (for evaluation and tests; it is never published).
 */
public record TrainedModel(ModelVersion metadata, byte[] artifact, Model<Regressor> model) {

    public String version() {
        return metadata.version();
    }
}
