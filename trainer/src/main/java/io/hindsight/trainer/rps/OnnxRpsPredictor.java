package io.hindsight.trainer.rps;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsFeatures;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * brian: the exported ONNX graph in ONNX Runtime, fed as the predictor feeds it (one float input [N,50] of the
 * features cast to float; output [N,3] probabilities).
 */
final class OnnxRpsPredictor implements RpsPredictor {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OnnxRpsPredictor(byte[] onnx, int threads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            this.session = ENV.createSession(onnx, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime rejects the model: " + e.getMessage(), e);
        }
    }

    @Override
    public double[][] probabilities(List<double[]> rows) {
        double[][] out = new double[rows.size()][];
        if (rows.isEmpty()) {
            return out;
        }
        FloatBuffer input = FloatBuffer.allocate(rows.size() * RpsFeatures.COUNT);
        for (double[] row : rows) {
            if (row.length != RpsFeatures.COUNT) {
                throw new IllegalArgumentException("an rps row has " + RpsFeatures.COUNT + " features, not " + row.length);
            }
            for (double v : row) {
                input.put((float) v);
            }
        }
        input.flip();
        try (OnnxTensor t = OnnxTensor.createTensor(ENV, input, new long[] {rows.size(), RpsFeatures.COUNT});
             OrtSession.Result r = session.run(Map.of(BrianOnnxExport.INPUT, t))) {
            float[][] p = (float[][]) r.get(BrianOnnxExport.OUTPUT).orElseThrow().getValue();
            for (int i = 0; i < p.length; i++) {
                out[i] = new double[Move.COUNT];
                for (int c = 0; c < Move.COUNT; c++) {
                    out[i][c] = p[i][c];
                }
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
