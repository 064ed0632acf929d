package io.hindsight.trainer.rps;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * brian's network and its trained parameters. Dense weights are [out, in] as DJL keeps them (the ONNX export
 * therefore uses Gemm with transB=1); order: w1 [h1,50], b1, w2 [h2,h1], b2, w3 [3,h2], b3.
 */
record BrianWeights(int hidden1, int hidden2, List<float[]> arrays) {

    BrianWeights {
        arrays = List.copyOf(arrays);
        long[][] shapes = shapes(hidden1, hidden2);
        if (arrays.size() != shapes.length) {
            throw new IllegalArgumentException("expected " + shapes.length + " arrays, got " + arrays.size());
        }
        for (int i = 0; i < shapes.length; i++) {
            long n = 1;
            for (long d : shapes[i]) {
                n *= d;
            }
            if (arrays.get(i).length != n) {
                throw new IllegalArgumentException("array " + i + " has " + arrays.get(i).length + " values, expected " + n);
            }
        }
    }

    static SequentialBlock block(int hidden1, int hidden2) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hidden1).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(hidden2).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(Move.COUNT).build());
    }

    static long[][] shapes(int hidden1, int hidden2) {
        return new long[][] {{hidden1, RpsFeatures.COUNT}, {hidden1}, {hidden2, hidden1}, {hidden2},
                {Move.COUNT, hidden2}, {Move.COUNT}};
    }

    /** The block's parameters in declaration order, shapes checked. */
    static BrianWeights of(Block block, int hidden1, int hidden2) {
        long[][] shapes = shapes(hidden1, hidden2);
        List<float[]> arrays = new ArrayList<>(shapes.length);
        for (Parameter p : block.getParameters().values()) {
            long[] shape = p.getArray().getShape().getShape();
            if (arrays.size() >= shapes.length || !java.util.Arrays.equals(shape, shapes[arrays.size()])) {
                throw new IllegalStateException("parameter " + p.getName() + " has shape " + java.util.Arrays.toString(shape));
            }
            arrays.add(p.getArray().toFloatArray());
        }
        return new BrianWeights(hidden1, hidden2, arrays);
    }

    /** Writes these values back into the block's parameters (restoring the best epoch after early stopping). */
    void copyInto(Block block) {
        int i = 0;
        for (Parameter p : block.getParameters().values()) {
            p.getArray().set(arrays.get(i++));
        }
    }

    int parameterCount() {
        int n = 0;
        for (float[] a : arrays) {
            n += a.length;
        }
        return n;
    }
}
