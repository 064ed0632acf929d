package io.hindsight.contracts.prediction;

import java.util.List;

/**
 * The value on {@code <task>.predictions}, keyed by request id: the served output and every shadow's.
 * {@code replay} is true when a request id was seen again within the horizon and the original prediction
 * was sent back rather than predicted twice; exactly one non-replay record exists per request id.
 */
public record PredictionRecord(String requestId, String task, ModelOutput served, List<ModelOutput> shadows,
                               long requestTs, long predictedTs, boolean replay) {
    public PredictionRecord {
        shadows = shadows == null ? List.of() : List.copyOf(shadows);
    }

    public PredictionRecord asReplay() {
        return new PredictionRecord(requestId, task, served, shadows, requestTs, predictedTs, true);
    }
}
