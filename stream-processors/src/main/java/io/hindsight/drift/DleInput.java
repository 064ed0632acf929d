package io.hindsight.drift;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.prediction.PredictionRecord;

/** A calories request joined with its prediction (same request id): what the DLE nannies read. */
record DleInput(CaloriesRecord request, PredictionRecord prediction) {
}
