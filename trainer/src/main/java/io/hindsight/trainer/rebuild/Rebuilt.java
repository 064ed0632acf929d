package io.hindsight.trainer.rebuild;

import io.hindsight.contracts.model.ModelVersion;

/**
 * A model trained again from its version's recipe.
 *
 * @param identicalBytes the artifact is byte for byte the original's (then the version name is the same too)
 */
public record Rebuilt(ModelVersion original, ModelVersion metadata, byte[] artifact, boolean identicalBytes) {
}
