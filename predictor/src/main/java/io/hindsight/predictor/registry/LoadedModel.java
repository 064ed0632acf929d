package io.hindsight.predictor.registry;

import io.hindsight.contracts.prediction.ModelOutput;
import java.util.ArrayList;
import java.util.List;

/** A deserialized, verified model behind one alias. Immutable; shared by reference between snapshots. */
public record LoadedModel(String family, String alias, String version, ServableModel model) {

    /** One output per row, in order: one call per batch (STYLE.md #10). */
    public List<RawOutput> predict(List<double[]> rows) {
        List<RawOutput> out = model.predict(rows);
        if (out.size() != rows.size()) {
            throw new IllegalStateException(version + " answered " + out.size() + " rows of " + rows.size());
        }
        return out;
    }

    public ModelOutput output(RawOutput raw) {
        List<Double> scores = new ArrayList<>(raw.scores().length);
        for (double s : raw.scores()) {
            scores.add(s);
        }
        return new ModelOutput(family, version, alias, raw.value(), scores);
    }
}
