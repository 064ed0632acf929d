package io.hindsight.trainer.digits;

import static io.hindsight.trainer.digits.DigitsCnn.CLASSES;
import static io.hindsight.trainer.digits.DigitsCnn.CONV1_FILTERS;
import static io.hindsight.trainer.digits.DigitsCnn.CONV2_FILTERS;
import static io.hindsight.trainer.digits.DigitsCnn.FLAT;
import static io.hindsight.trainer.digits.DigitsCnn.HIDDEN;
import static io.hindsight.trainer.digits.DigitsCnn.KERNEL;

/**
 * The trained parameters of {@link DigitsCnn}, as plain arrays in the layouts ONNX wants (which are DJL's):
 * conv weights [out, in, kH, kW], dense weights [out, in] (hence Gemm transB=1), biases [out].
 */
public record CnnWeights(float[] conv1Weight, float[] conv1Bias, float[] conv2Weight, float[] conv2Bias,
                         float[] dense1Weight, float[] dense1Bias, float[] dense2Weight, float[] dense2Bias) {

    public CnnWeights {
        check("conv1.weight", conv1Weight, conv1WeightShape());
        check("conv1.bias", conv1Bias, new long[] {CONV1_FILTERS});
        check("conv2.weight", conv2Weight, conv2WeightShape());
        check("conv2.bias", conv2Bias, new long[] {CONV2_FILTERS});
        check("dense1.weight", dense1Weight, dense1WeightShape());
        check("dense1.bias", dense1Bias, new long[] {HIDDEN});
        check("dense2.weight", dense2Weight, dense2WeightShape());
        check("dense2.bias", dense2Bias, new long[] {CLASSES});
    }

    public static long[] conv1WeightShape() {
        return new long[] {CONV1_FILTERS, 1, KERNEL, KERNEL};
    }

    public static long[] conv2WeightShape() {
        return new long[] {CONV2_FILTERS, CONV1_FILTERS, KERNEL, KERNEL};
    }

    public static long[] dense1WeightShape() {
        return new long[] {HIDDEN, FLAT};
    }

    public static long[] dense2WeightShape() {
        return new long[] {CLASSES, HIDDEN};
    }

    /** Number of trainable parameters (184,586). */
    public int parameterCount() {
        return conv1Weight.length + conv1Bias.length + conv2Weight.length + conv2Bias.length + dense1Weight.length
                + dense1Bias.length + dense2Weight.length + dense2Bias.length;
    }

    private static void check(String name, float[] values, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (values == null || values.length != n) {
            throw new IllegalArgumentException(name + " must hold " + n + " values, has " + (values == null ? 0 : values.length));
        }
    }
}
