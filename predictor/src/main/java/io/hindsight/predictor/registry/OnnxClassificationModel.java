package io.hindsight.predictor.registry;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An ONNX classifier served by ONNX Runtime: one float input of the task's shape, batch first (digits
 * [N,1,28,28], rps [N,50]; N symbolic or 1), one output of [N, classes]. Scores that are not already a probability distribution (logits) are put
 * through a softmax, so models from elsewhere that end without one are served alike.
 */
final class OnnxClassificationModel implements ServableModel {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final boolean batched;

    OnnxClassificationModel(byte[] bytes, long[] expectedInput, int classes, int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        this.session = ENV.createSession(bytes, options);
        try {
            if (session.getNumInputs() != 1 || session.getNumOutputs() != 1) {
                throw new IllegalArgumentException("expected one input and one output, found "
                        + session.getNumInputs() + " and " + session.getNumOutputs());
            }
            Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
            TensorInfo inInfo = tensor(in.getValue(), "input");
            long[] shape = inInfo.getShape();
            if (inInfo.type != ai.onnxruntime.OnnxJavaType.FLOAT || shape.length != expectedInput.length) {
                throw new IllegalArgumentException("input must be float " + java.util.Arrays.toString(expectedInput)
                        + ", is " + inInfo.type + " " + java.util.Arrays.toString(shape));
            }
            for (int d = 1; d < shape.length; d++) {
                if (shape[d] != expectedInput[d]) {
                    throw new IllegalArgumentException("input dimension " + d + " is " + shape[d] + ", not " + expectedInput[d]);
                }
            }
            TensorInfo outInfo = tensor(session.getOutputInfo().values().iterator().next(), "output");
            long[] outShape = outInfo.getShape();
            if (outShape.length != 2 || outShape[1] != classes) {
                throw new IllegalArgumentException("output must be [N," + classes + "], is " + java.util.Arrays.toString(outShape));
            }
            this.inputName = in.getKey();
            this.inputShape = expectedInput.clone();
            this.batched = shape[0] != 1; // -1: symbolic batch dimension
        } catch (RuntimeException | OrtException e) {
            session.close();
            throw e;
        }
    }

    private static TensorInfo tensor(NodeInfo node, String what) {
        if (!(node.getInfo() instanceof TensorInfo t)) {
            throw new IllegalArgumentException("the " + what + " is not a tensor");
        }
        return t;
    }

    @Override
    public List<RawOutput> predict(List<double[]> rows) {
        List<RawOutput> out = new ArrayList<>(rows.size());
        try {
            if (batched) {
                out.addAll(run(rows));
            } else {
                for (double[] row : rows) {
                    out.addAll(run(List.of(row)));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
        return out;
    }

    private List<RawOutput> run(List<double[]> rows) throws OrtException {
        int width = rows.get(0).length;
        FloatBuffer buffer = FloatBuffer.allocate(rows.size() * width);
        for (double[] row : rows) {
            for (double v : row) {
                buffer.put((float) v);
            }
        }
        buffer.flip();
        long[] shape = inputShape.clone();
        shape[0] = rows.size();
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, buffer, shape);
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            float[][] scores = (float[][]) result.get(0).getValue();
            List<RawOutput> out = new ArrayList<>(scores.length);
            for (float[] s : scores) {
                out.add(RawOutput.ofScores(probabilities(s)));
            }
            return out;
        }
    }

    /** The scores as probabilities: as they are when they already sum to 1, else softmax of the logits. */
    static double[] probabilities(float[] s) {
        double sum = 0;
        boolean inRange = true;
        for (float v : s) {
            sum += v;
            inRange &= v >= 0f && v <= 1f;
        }
        double[] p = new double[s.length];
        if (inRange && Math.abs(sum - 1.0) < 1e-3) {
            for (int i = 0; i < s.length; i++) {
                p[i] = s[i];
            }
            return p;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : s) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (int i = 0; i < s.length; i++) {
            p[i] = Math.exp(s[i] - max);
            z += p[i];
        }
        for (int i = 0; i < s.length; i++) {
            p[i] /= z;
        }
        return p;
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
