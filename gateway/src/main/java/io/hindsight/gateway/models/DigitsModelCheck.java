package io.hindsight.gateway.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether an uploaded ONNX file is a digits classifier the predictor can serve, and how good it is. After
 * {@link OnnxModelScan} has refused what must not reach ONNX Runtime, the model is loaded (one thread, basic
 * graph optimisations), must have exactly one float input of shape [N|1,1,28,28] and one float output of
 * shape [N|1,10], and must answer {@link #SAMPLES} hold-out MNIST digits with finite scores within
 * {@link #RUN_BUDGET} (a run past it is terminated); its accuracy on them is reported. Not thread-safe in
 * spirit: the upload route runs one check at a time.
 */
public final class DigitsModelCheck {
    public static final int SAMPLES = 200;
    static final Duration RUN_BUDGET = Duration.ofSeconds(20);
    private static final int BATCH = 50;
    private static final long[] INPUT = {1, 1, DigitPreprocessing.SIDE, DigitPreprocessing.SIDE};
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-check-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** ONNX Runtime, loaded on the first upload rather than when the gateway starts. */
    private static final class Ort {
        static final OrtEnvironment ENV = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    }

    /** The first {@link #SAMPLES} hold-out digits, read once. */
    private static final class Sample {
        static final String SOURCE;
        static final float[][] IMAGES = new float[SAMPLES][];
        static final int[] LABELS = new int[SAMPLES];

        static {
            MnistDigits holdout = MnistDigits.holdout();
            SOURCE = holdout.source();
            for (int i = 0; i < SAMPLES; i++) {
                IMAGES[i] = holdout.image(i);
                LABELS[i] = holdout.label(i);
            }
        }
    }

    /** What the check found: the provenance of an uploaded model. */
    public record Report(long irVersion, Map<String, Long> opsets, String producer, String producerVersion,
                         Map<String, Integer> ops, String inputName, List<Long> inputShape, String outputName,
                         List<Long> outputShape, String outputKind, String sampleSource, int samples,
                         double sampleAccuracy, long checkMillis) {
    }

    public Report check(byte[] model) throws InvalidModelException {
        long t0 = System.nanoTime();
        OnnxModelScan.Summary summary = OnnxModelScan.scan(model);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            try (OrtSession session = Ort.ENV.createSession(model, options)) {
                return run(session, summary, t0);
            }
        } catch (OrtException e) {
            throw new InvalidModelException("ONNX Runtime refused it: " + ortMessage(e));
        }
    }

    private static Report run(OrtSession session, OnnxModelScan.Summary summary, long t0)
            throws OrtException, InvalidModelException {
        if (session.getNumInputs() != 1 || session.getNumOutputs() != 1) {
            throw new InvalidModelException("needs exactly one input and one output, has " + session.getNumInputs()
                    + " inputs and " + session.getNumOutputs() + " outputs");
        }
        Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
        Map.Entry<String, NodeInfo> out = session.getOutputInfo().entrySet().iterator().next();
        long[] inShape = floatTensor(in, "input");
        long[] outShape = floatTensor(out, "output");
        boolean inputOk = inShape.length == 4 && batchDim(inShape[0])
                && Arrays.equals(Arrays.copyOfRange(inShape, 1, 4), Arrays.copyOfRange(INPUT, 1, 4));
        if (!inputOk) {
            throw new InvalidModelException("input " + in.getKey() + " is " + Arrays.toString(inShape)
                    + "; a digits model takes [N,1,28,28] or [1,1,28,28]");
        }
        if (outShape.length != 2 || !batchDim(outShape[0]) || outShape[1] != DigitsWire.CLASSES) {
            throw new InvalidModelException("output " + out.getKey() + " is " + Arrays.toString(outShape)
                    + "; a digits model answers [N,10] or [1,10]");
        }
        int batch = inShape[0] == 1 ? 1 : BATCH;
        int correct = 0;
        boolean probabilities = true;
        long deadline = System.nanoTime() + RUN_BUDGET.toNanos();
        for (int start = 0; start < SAMPLES; start += batch) {
            int n = Math.min(batch, SAMPLES - start);
            float[][] scores = score(session, in.getKey(), start, n, deadline);
            if (scores.length != n) {
                throw new InvalidModelException("answered " + scores.length + " rows for a batch of " + n);
            }
            for (int i = 0; i < n; i++) {
                probabilities &= isDistribution(scores[i], start + i);
                correct += argmax(scores[i]) == Sample.LABELS[start + i] ? 1 : 0;
            }
        }
        return new Report(summary.irVersion(), summary.opsets(), summary.producer(), summary.producerVersion(),
                summary.ops(), in.getKey(), boxed(inShape), out.getKey(), boxed(outShape),
                probabilities ? "probabilities" : "logits", Sample.SOURCE, SAMPLES, correct / (double) SAMPLES,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static boolean batchDim(long d) {
        return d == 1 || d == -1;
    }

    private static long[] floatTensor(Map.Entry<String, NodeInfo> node, String what) throws InvalidModelException {
        if (!(node.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
            throw new InvalidModelException("the " + what + " " + node.getKey() + " is not a float tensor: "
                    + node.getValue().getInfo());
        }
        return t.getShape();
    }

    /** One batch, terminated if it runs past the deadline. */
    private static float[][] score(OrtSession session, String input, int start, int n, long deadline)
            throws OrtException, InvalidModelException {
        FloatBuffer pixels = FloatBuffer.allocate(n * DigitPreprocessing.PIXELS);
        for (int i = 0; i < n; i++) {
            pixels.put(Sample.IMAGES[start + i]);
        }
        pixels.flip();
        long[] shape = INPUT.clone();
        shape[0] = n;
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new InvalidModelException("answering " + SAMPLES + " digits took longer than " + RUN_BUDGET.toSeconds() + " s");
        }
        AtomicBoolean terminated = new AtomicBoolean();
        try (OrtSession.RunOptions run = new OrtSession.RunOptions();
             OnnxTensor tensor = OnnxTensor.createTensor(Ort.ENV, pixels, shape)) {
            ScheduledFuture<?> stop = WATCHDOG.schedule(() -> {
                terminated.set(true);
                try {
                    run.setTerminate(true);
                } catch (OrtException e) {
                    // the run ended meanwhile
                }
            }, left, TimeUnit.NANOSECONDS);
            try (OrtSession.Result result = session.run(Map.of(input, tensor), run)) {
                OnnxValue value = result.get(0);
                if (!(value.getValue() instanceof float[][] rows)) {
                    throw new InvalidModelException("the output is not a float matrix");
                }
                return rows;
            } catch (OrtException e) {
                if (terminated.get()) {
                    throw new InvalidModelException("answering " + SAMPLES + " digits took longer than "
                            + RUN_BUDGET.toSeconds() + " s");
                }
                throw new InvalidModelException("failed on hold-out digits: " + ortMessage(e));
            } finally {
                stop.cancel(false);
            }
        }
    }

    private static boolean isDistribution(float[] row, int index) throws InvalidModelException {
        double sum = 0;
        boolean inRange = true;
        for (float v : row) {
            if (!Float.isFinite(v)) {
                throw new InvalidModelException("answered " + v + " for hold-out digit " + index);
            }
            sum += v;
            inRange &= v >= 0 && v <= 1;
        }
        return inRange && Math.abs(sum - 1) < 1e-3;
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            best = row[c] > row[best] ? c : best;
        }
        return best;
    }

    private static List<Long> boxed(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }

    /** ONNX Runtime's message without its source path and C++ signature. */
    static String ortMessage(OrtException e) {
        String m = String.valueOf(e.getMessage()).replaceFirst("^Error code - \\w+ - message: ", "");
        m = m.replaceFirst("^\\S*onnxruntime\\S*:\\d+ .*?\\) ", "");
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
