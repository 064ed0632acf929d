package io.hindsight.joiner;

import io.hindsight.contracts.prediction.PredictionRecord;

/** What the join processor reads: both inputs merged into one stream so one processor owns the state. */
sealed interface JoinInput {
    record Prediction(PredictionRecord record) implements JoinInput {
    }

    record Feedback(GroundTruth truth) implements JoinInput {
    }
}
