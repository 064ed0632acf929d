package io.hindsight.predictor.registry;

import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.prediction.ModelOutput;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.regression.Regressor;

/** A deserialized, verified model behind one alias. Immutable; shared by reference between snapshots. */
public record LoadedModel(String family, String alias, String version, Model<Regressor> model) {

    /** kcal for every example, in order: one call, one DMatrix (STYLE.md #10: predict in batches). */
    public double[] predictKcal(List<Example<Regressor>> examples) {
        List<Prediction<Regressor>> predictions = model.predict(examples);
        double[] kcal = new double[predictions.size()];
        for (int i = 0; i < kcal.length; i++) {
            kcal[i] = CaloriesFeatures.toCalories(predictions.get(i).getOutput().getValues()[0]);
        }
        return kcal;
    }

    public ModelOutput output(double kcal) {
        return new ModelOutput(family, version, alias, kcal, List.of());
    }
}
