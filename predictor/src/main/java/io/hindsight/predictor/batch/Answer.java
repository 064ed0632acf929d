package io.hindsight.predictor.batch;

import io.hindsight.contracts.prediction.ModelOutput;
import java.util.List;

/** What the models said about one request: the served output and the shadows'. */
record Answer(ModelOutput served, List<ModelOutput> shadows) {
}
