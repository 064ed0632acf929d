package io.hindsight.trainer.rps;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.hindsight.contracts.rps.RpsFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The hand-written ONNX graph: the shape the predictor serves rps with, and the forward pass it claims to be. */
class BrianOnnxExportTest {
    private static final int H1 = 8;
    private static final int H2 = 5;

    @Test
    void oneInputOfFiftyFeaturesOneOutputOfThreeProbabilities() throws Exception {
        byte[] onnx = BrianOnnxExport.export(randomWeights(1L), "test", Map.of("family", "brian"));
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions())) {
            assertThat(s.getInputNames()).containsExactly(BrianOnnxExport.INPUT);
            assertThat(s.getOutputNames()).containsExactly(BrianOnnxExport.OUTPUT);
            assertThat(((TensorInfo) s.getInputInfo().get(BrianOnnxExport.INPUT).getInfo()).getShape()).containsExactly(-1, 50);
            assertThat(((TensorInfo) s.getOutputInfo().get(BrianOnnxExport.OUTPUT).getInfo()).getShape()).containsExactly(-1, 3);
        }
        assertThat(BrianOnnxExport.export(randomWeights(1L), "test", Map.of("family", "brian"))).isEqualTo(onnx);
    }

    @Test
    void computesTheDenseReluSoftmaxForwardPass() {
        BrianWeights w = randomWeights(2L);
        Random rng = new Random(3L);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double[] x = new double[RpsFeatures.COUNT];
            for (int j = 0; j < x.length; j++) {
                x[j] = rng.nextInt(3) == 0 ? 0 : rng.nextDouble() * 2;
            }
            rows.add(x);
        }
        try (OnnxRpsPredictor p = new OnnxRpsPredictor(BrianOnnxExport.export(w, null, Map.of()), 1)) {
            double[][] got = p.probabilities(rows);
            for (int i = 0; i < rows.size(); i++) {
                double[] want = forward(w, rows.get(i));
                for (int c = 0; c < 3; c++) {
                    assertThat(got[i][c]).isCloseTo(want[c], Offset.offset(1e-5));
                }
            }
        }
    }

    private static double[] forward(BrianWeights w, double[] x) {
        double[] h1 = relu(dense(w.arrays().get(0), w.arrays().get(1), x, H1));
        double[] h2 = relu(dense(w.arrays().get(2), w.arrays().get(3), h1, H2));
        double[] z = dense(w.arrays().get(4), w.arrays().get(5), h2, 3);
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < 3; c++) {
            z[c] /= sum;
        }
        return z;
    }

    /** weight [out, in], as DJL keeps it. */
    private static double[] dense(float[] weight, float[] bias, double[] in, int out) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bias[o];
            for (int i = 0; i < in.length; i++) {
                s += weight[o * in.length + i] * (float) in[i];
            }
            y[o] = s;
        }
        return y;
    }

    private static double[] relu(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i]);
        }
        return v;
    }

    private static BrianWeights randomWeights(long seed) {
        Random rng = new Random(seed);
        List<float[]> arrays = new ArrayList<>();
        for (long[] shape : BrianWeights.shapes(H1, H2)) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            float[] a = new float[(int) n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian() * 0.5f;
            }
            arrays.add(a);
        }
        return new BrianWeights(H1, H2, arrays);
    }
}
