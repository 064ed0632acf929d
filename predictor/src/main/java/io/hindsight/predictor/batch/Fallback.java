package io.hindsight.predictor.batch;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.predictor.task.ServingInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a routed request whose model is not loaded (e.g. a family not trained yet): every class
 * equally likely, so the consumer (the rps game) plays uniformly at random instead of waiting. Its version
 * is {@value #VERSION}, so it is never mistaken for a model's prediction when scored or counted.
 */
public final class Fallback {
    public static final String VERSION = "fallback";

    private Fallback() {
    }

    public static ModelOutput uniform(ServingInput.Route route, int classes) {
        List<Double> scores = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            scores.add(1.0 / classes);
        }
        return new ModelOutput(route.family(), VERSION, route.alias(), 0, scores); // 0: the arg-max of a tie
    }

    public static boolean isFallback(ModelOutput output) {
        return VERSION.equals(output.version());
    }
}
