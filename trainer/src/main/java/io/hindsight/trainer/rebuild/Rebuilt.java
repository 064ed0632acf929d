package io.hindsight.trainer.rebuild;

import io.hindsight.contracts.model.ModelVersion;

/**
 * A model trained again from its version's recipe.
 *
 * @param identicalBytes the artifact is byte for byte the original's (then the version name is the same too)
 * @param sidecars       further artifacts the rebuilt version names (calories: its DLE nanny), to publish with it
 */
public record Rebuilt(ModelVersion original, ModelVersion metadata, byte[] artifact, boolean identicalBytes,
                      java.util.Map<String, io.hindsight.trainer.model.TrainedModel.Sidecar> sidecars) {
    public Rebuilt {
        sidecars = sidecars == null ? java.util.Map.of() : java.util.Map.copyOf(sidecars);
    }

    public Rebuilt(ModelVersion original, ModelVersion metadata, byte[] artifact, boolean identicalBytes) {
        this(original, metadata, artifact, identicalBytes, null);
    }
}
