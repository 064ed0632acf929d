package io.hindsight.trainer.rps;

import java.util.Map;

/**
 * A model one fit produced, already in the bytes it would be published as ({@code format} is
 * {@link io.hindsight.contracts.model.ModelVersion#TRIBUO_PROTOBUF} or {@code ONNX}), and facts about the fit
 * for provenance (epochs run, the export check, ...). Everything is scored through these bytes.
 */
public record FittedRps(byte[] artifact, String format, int trainRounds, double trainSeconds, Map<String, Object> details) {
    public FittedRps {
        details = Map.copyOf(details);
    }

    /** Loads the bytes the way the predictor will; the caller closes it. */
    public RpsPredictor predictor() {
        return RpsPredictor.load(format, artifact);
    }
}
