package io.hindsight.predictor.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A Tribuo classifier whose labels are the class indices as text ("0".."9"): scores come back in class
 * order, whatever order Tribuo's label domain holds them in.
 */
final class TribuoClassificationModel implements ServableModel {
    private final Model<Label> model;
    private final String[] names;
    private final int classes;

    TribuoClassificationModel(Model<Label> model, String[] names, int classes) {
        this.model = model;
        this.names = names;
        this.classes = classes;
        for (Label l : model.getOutputIDInfo().getDomain()) {
            int c = classIndex(l.getLabel());
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("label '" + l.getLabel() + "' is not a class index 0.." + (classes - 1));
            }
        }
        if (!model.generatesProbabilities()) {
            throw new IllegalArgumentException("the classifier does not produce probabilities");
        }
    }

    @Override
    public List<RawOutput> predict(List<double[]> rows) {
        List<Example<Label>> examples = new ArrayList<>(rows.size());
        for (double[] row : rows) {
            examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, row));
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        List<RawOutput> out = new ArrayList<>(predictions.size());
        for (Prediction<Label> p : predictions) {
            double[] scores = new double[classes];
            for (Map.Entry<String, Label> e : p.getOutputScores().entrySet()) {
                scores[classIndex(e.getKey())] = e.getValue().getScore();
            }
            out.add(RawOutput.ofScores(scores));
        }
        return out;
    }

    private static int classIndex(String label) {
        try {
            return Integer.parseInt(label);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
