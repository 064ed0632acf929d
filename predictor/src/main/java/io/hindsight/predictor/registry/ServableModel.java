package io.hindsight.predictor.registry;

import java.util.List;

/**
 * A verified model, whatever its format, as the batch planner calls it: rows of features in, one output
 * per row out, in order. One call per batch (STYLE.md #10). Implementations are thread-safe.
 */
public interface ServableModel extends AutoCloseable {

    List<RawOutput> predict(List<double[]> rows);

    /** Frees native resources; called once no snapshot serves the model any more. */
    @Override
    default void close() {
    }
}
