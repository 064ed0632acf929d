package io.hindsight.predictor.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A Tribuo classifier whose labels name the classes (the indices as text, "0".."9"; rps also move names):
 * scores come back in class order, whatever order Tribuo's label domain holds them in.
 */
final class TribuoClassificationModel implements ServableModel {
    private final Model<Label> model;
    private final String[] names;
    private final int classes;
    private final ToIntFunction<String> classIndex;

    /** @param classIndex the class a label names, -1 for none (TaskServing#classIndex) */
    TribuoClassificationModel(Model<Label> model, String[] names, int classes, ToIntFunction<String> classIndex) {
        this.model = model;
        this.names = names;
        this.classes = classes;
        this.classIndex = classIndex;
        for (Label l : model.getOutputIDInfo().getDomain()) {
            int c = classIndex.applyAsInt(l.getLabel());
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
                scores[classIndex.applyAsInt(e.getKey())] = e.getValue().getScore();
            }
            out.add(RawOutput.ofScores(scores));
        }
        return out;
    }
}
