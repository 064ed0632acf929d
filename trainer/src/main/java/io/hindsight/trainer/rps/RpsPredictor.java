package io.hindsight.trainer.rps;

import io.hindsight.contracts.model.ModelVersion;
import java.util.List;

/**
 * A published rps model loaded from its bytes, as the predictor loads it: probabilities of the player's next
 * move (rock, paper, scissors) from the 50 features. The evaluation and the arena use only this, so what they
 * report is what the serialized model does, not the in-memory object it came from.
 */
public interface RpsPredictor extends AutoCloseable {

    /** One row of 3 probabilities per feature row. */
    double[][] probabilities(List<double[]> rows);

    default double[] probabilities(double[] row) {
        return probabilities(List.of(row))[0];
    }

    @Override
    void close();

    static RpsPredictor load(String format, byte[] bytes) {
        return switch (format) {
            case ModelVersion.TRIBUO_PROTOBUF -> TribuoRpsPredictor.fromBytes(bytes);
            case ModelVersion.ONNX -> new OnnxRpsPredictor(bytes, 1);
            default -> throw new IllegalArgumentException("rps models are Tribuo protobuf or ONNX, not " + format);
        };
    }
}
