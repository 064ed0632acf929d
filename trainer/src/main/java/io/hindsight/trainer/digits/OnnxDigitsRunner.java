package io.hindsight.trainer.digits;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.MnistDigits;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs an exported digits model in ONNX Runtime, the way it will be served: the trainer scores the held-out
 * digits on the artifact it publishes, not on the DJL network it came from.
 */
public final class OnnxDigitsRunner implements AutoCloseable {
    private static final int BATCH = 500;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OnnxDigitsRunner(byte[] onnx, int threads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            this.session = env.createSession(onnx, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime rejects the model: " + e.getMessage(), e);
        }
    }

    /** Row-major [to-from, 10] probabilities of digits from..to-1. */
    public float[] probabilities(MnistDigits digits, int from, int to) {
        int k = DigitsCnn.CLASSES;
        float[] out = new float[(to - from) * k];
        FloatBuffer input = FloatBuffer.allocate(BATCH * DigitPreprocessing.PIXELS);
        try {
            for (int start = from; start < to; start += BATCH) {
                int n = Math.min(BATCH, to - start);
                input.clear();
                for (int i = start; i < start + n; i++) {
                    input.put(digits.image(i));
                }
                input.flip();
                try (OnnxTensor t = OnnxTensor.createTensor(env, input, new long[] {n, 1, DigitsCnn.SIDE, DigitsCnn.SIDE});
                     OrtSession.Result r = session.run(Map.of(OnnxCnnExport.INPUT, t))) {
                    FloatBuffer probs = ((OnnxTensor) r.get(OnnxCnnExport.OUTPUT).orElseThrow()).getFloatBuffer();
                    probs.get(out, (start - from) * k, n * k);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
        return out;
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
