package io.hindsight.trainer.digits;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * The digits CNN, LeNet style, declared once for training (DJL) and export (ONNX):
 * conv 5x5x32 (valid) - relu - maxpool 2x2/2 - conv 5x5x64 (valid) - relu - maxpool 2x2/2 - flatten (1024)
 * - dense 128 - relu - dense 10 (logits). 184,586 parameters. 28 -> 24 -> 12 -> 8 -> 4.
 * The exported graph ends with a softmax; the DJL block ends with logits (the loss applies the softmax).
 */
public final class DigitsCnn {
    public static final int SIDE = 28;
    public static final int KERNEL = 5;
    public static final int POOL = 2;
    public static final int CONV1_FILTERS = 32;
    public static final int CONV2_FILTERS = 64;
    public static final int HIDDEN = 128;
    public static final int CLASSES = 10;
    /** Side after conv1 (valid) 24, pool 12, conv2 (valid) 8, pool 4. */
    public static final int FINAL_SIDE = ((SIDE - KERNEL + 1) / POOL - KERNEL + 1) / POOL;
    public static final int FLAT = CONV2_FILTERS * FINAL_SIDE * FINAL_SIDE;
    public static final String DESCRIPTION = "conv5x5x32-relu-maxpool2, conv5x5x64-relu-maxpool2, dense128-relu, dense10"
            + " (+softmax in ONNX); 184,586 parameters";

    private DigitsCnn() {
    }

    public static SequentialBlock block() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(KERNEL, KERNEL)).setFilters(CONV1_FILTERS).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(POOL, POOL), new Shape(POOL, POOL)))
                .add(Conv2d.builder().setKernelShape(new Shape(KERNEL, KERNEL)).setFilters(CONV2_FILTERS).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(POOL, POOL), new Shape(POOL, POOL)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(HIDDEN).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    /** The trained parameters of a block made by {@link #block()}, in declaration order, shapes checked. */
    public static CnnWeights weights(Block block) {
        List<float[]> arrays = new ArrayList<>(8);
        List<long[]> expected = List.of(CnnWeights.conv1WeightShape(), new long[] {CONV1_FILTERS},
                CnnWeights.conv2WeightShape(), new long[] {CONV2_FILTERS}, CnnWeights.dense1WeightShape(),
                new long[] {HIDDEN}, CnnWeights.dense2WeightShape(), new long[] {CLASSES});
        for (Parameter p : block.getParameters().values()) {
            long[] shape = p.getArray().getShape().getShape();
            long[] want = expected.get(arrays.size());
            if (!java.util.Arrays.equals(shape, want)) {
                throw new IllegalStateException("parameter " + p.getName() + " has shape " + java.util.Arrays.toString(shape)
                        + ", expected " + java.util.Arrays.toString(want));
            }
            arrays.add(p.getArray().toFloatArray());
        }
        if (arrays.size() != 8) {
            throw new IllegalStateException("expected 8 parameter arrays, found " + arrays.size());
        }
        return new CnnWeights(arrays.get(0), arrays.get(1), arrays.get(2), arrays.get(3), arrays.get(4), arrays.get(5),
                arrays.get(6), arrays.get(7));
    }
}
