package io.hindsight.contracts.prediction;

import java.util.List;

/**
 * The value on {@code <task>.predictions}, keyed by request id: the served output and every shadow's.
 * {@code replay} is true when a request id was seen again within the horizon and the original prediction
 * was sent back rather than predicted twice; exactly one non-replay record exists per request id.
 * {@code draft} is true for a guess made while the person is still drawing (digits' live guess): it is
 * answered but never scored, since no ground truth will ever name it.
 */
public record PredictionRecord(String requestId, String task, ModelOutput served, List<ModelOutput> shadows,
                               long requestTs, long predictedTs, boolean replay, boolean draft) {
    public PredictionRecord {
        shadows = shadows == null ? List.of() : List.copyOf(shadows);
    }

    public PredictionRecord(String requestId, String task, ModelOutput served, List<ModelOutput> shadows,
                            long requestTs, long predictedTs, boolean replay) {
        this(requestId, task, served, shadows, requestTs, predictedTs, replay, false);
    }

    public PredictionRecord asReplay() {
        return new PredictionRecord(requestId, task, served, shadows, requestTs, predictedTs, true, draft);
    }
}
