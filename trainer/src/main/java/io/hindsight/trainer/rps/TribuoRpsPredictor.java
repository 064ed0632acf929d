package io.hindsight.trainer.rps;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hindsight.contracts.rps.Move;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

/** forrest and logan: a Tribuo classifier deserialized from its protobuf bytes; scores put in class order. */
final class TribuoRpsPredictor implements RpsPredictor {
    private final Model<Label> model;

    TribuoRpsPredictor(Model<Label> model) {
        if (!model.generatesProbabilities()) {
            throw new IllegalArgumentException("the classifier does not produce probabilities");
        }
        this.model = model;
    }

    static TribuoRpsPredictor fromBytes(byte[] bytes) {
        try {
            Model<?> m = Model.deserialize(ModelProto.parseFrom(bytes));
            return new TribuoRpsPredictor(m.castModel(Label.class));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a Tribuo protobuf model: " + e.getMessage(), e);
        }
    }

    @Override
    public double[][] probabilities(List<double[]> rows) {
        List<Example<Label>> examples = new ArrayList<>(rows.size());
        for (double[] row : rows) {
            examples.add(TribuoRps.unlabelled(row));
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        double[][] out = new double[predictions.size()][Move.COUNT];
        for (int i = 0; i < out.length; i++) {
            for (Map.Entry<String, Label> e : predictions.get(i).getOutputScores().entrySet()) {
                out[i][Integer.parseInt(e.getKey())] = e.getValue().getScore();
            }
        }
        return out;
    }

    @Override
    public void close() {
        // nothing native to free
    }
}
