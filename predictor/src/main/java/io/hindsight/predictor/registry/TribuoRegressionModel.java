package io.hindsight.predictor.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** A Tribuo regression model; {@code toTarget} undoes the training transform (calories: log1p). */
final class TribuoRegressionModel implements ServableModel {
    private final Model<Regressor> model;
    private final String[] names;
    private final DoubleUnaryOperator toTarget;

    TribuoRegressionModel(Model<Regressor> model, String[] names, DoubleUnaryOperator toTarget) {
        this.model = model;
        this.names = names;
        this.toTarget = toTarget;
    }

    @Override
    public List<RawOutput> predict(List<double[]> rows) {
        List<Example<Regressor>> examples = new ArrayList<>(rows.size());
        for (double[] row : rows) {
            examples.add(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, names, row));
        }
        List<Prediction<Regressor>> predictions = model.predict(examples);
        List<RawOutput> out = new ArrayList<>(predictions.size());
        for (Prediction<Regressor> p : predictions) {
            out.add(RawOutput.of(toTarget.applyAsDouble(p.getOutput().getValues()[0])));
        }
        return out;
    }
}
