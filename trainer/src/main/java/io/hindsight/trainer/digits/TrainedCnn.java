package io.hindsight.trainer.digits;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.MnistDigits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * A CNN just trained with DJL, still holding its libtorch tensors: export its {@link #weights()}, compare its
 * {@link #probabilities} with the exported graph, then {@link #close()} it. Not thread-safe.
 *
 * @see DigitsCnnTrainer#fit
 */
public final class TrainedCnn implements AutoCloseable {
    private static final int BATCH = 500;
    private final Model model;
    private final int trainDigits;
    private final double trainSeconds;
    private final List<Double> epochLosses;

    TrainedCnn(Model model, int trainDigits, double trainSeconds, List<Double> epochLosses) {
        this.model = model;
        this.trainDigits = trainDigits;
        this.trainSeconds = trainSeconds;
        this.epochLosses = List.copyOf(epochLosses);
    }

    public CnnWeights weights() {
        return DigitsCnn.weights(model.getBlock());
    }

    /**
     * DJL's row-major [to-from, 10] class probabilities (softmax of the network's logits) of digits from..to-1,
     * in inference mode. Each batch's tensors live in a sub-manager closed after the batch.
     */
    public float[] probabilities(MnistDigits digits, int from, int to) {
        int k = DigitsCnn.CLASSES;
        float[] out = new float[(to - from) * k];
        ByteBuffer input = ByteBuffer.allocateDirect(BATCH * DigitPreprocessing.PIXELS * Float.BYTES).order(ByteOrder.nativeOrder());
        FloatBuffer floats = input.asFloatBuffer();
        for (int start = from; start < to; start += BATCH) {
            int n = Math.min(BATCH, to - start);
            floats.clear();
            for (int i = start; i < start + n; i++) {
                floats.put(digits.image(i));
            }
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray x = batch.create(input.slice(0, n * DigitPreprocessing.PIXELS * Float.BYTES).order(ByteOrder.nativeOrder()),
                        new Shape(n, 1, DigitsCnn.SIDE, DigitsCnn.SIDE), DataType.FLOAT32);
                NDList logits = model.getBlock().forward(new ParameterStore(batch, false), new NDList(x), false);
                float[] p = logits.singletonOrThrow().softmax(1).toFloatArray();
                System.arraycopy(p, 0, out, (start - from) * k, n * k);
            }
        }
        return out;
    }

    public int trainDigits() {
        return trainDigits;
    }

    public double trainSeconds() {
        return trainSeconds;
    }

    /** Mean batch loss of each epoch. */
    public List<Double> epochLosses() {
        return epochLosses;
    }

    @Override
    public void close() {
        model.close();
    }
}
