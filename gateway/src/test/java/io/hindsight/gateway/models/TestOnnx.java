package io.hindsight.gateway.models;

import ai.onnx.proto.OnnxMl;
import io.hindsight.contracts.digits.MnistDigits;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * ONNX models written by hand with the protobuf classes of tribuo-util-onnx (IR 8, opset 13): a small but real
 * digits classifier (nearest class mean: Flatten, Gemm, Softmax) and the hostile files the upload must refuse.
 */
public final class TestOnnx {
    static final int PIXELS = 784;
    static final int CLASSES = 10;

    /** Class means of the first 3000 MNIST training digits: weights w_c = mean_c, bias b_c = -|mean_c|^2 / 2. */
    private static final class Centroids {
        static final float[][] W = new float[CLASSES][PIXELS];
        static final float[] B = new float[CLASSES];

        static {
            MnistDigits train = MnistDigits.train();
            int[] n = new int[CLASSES];
            for (int i = 0; i < 3000; i++) {
                int c = train.label(i);
                float[] x = train.image(i);
                for (int p = 0; p < PIXELS; p++) {
                    W[c][p] += x[p];
                }
                n[c]++;
            }
            for (int c = 0; c < CLASSES; c++) {
                double sq = 0;
                for (int p = 0; p < PIXELS; p++) {
                    W[c][p] /= n[c];
                    sq += W[c][p] * W[c][p];
                }
                B[c] = (float) (-sq / 2);
            }
        }
    }

    private TestOnnx() {
    }

    /** The digit the nearest-class-mean model picks for 784 pixels: what the uploaded model computes. */
    public static int classify(float[] pixels) {
        double[] p = probabilities(pixels);
        return IntStream.range(0, CLASSES).reduce((a, b) -> p[b] > p[a] ? b : a).orElseThrow();
    }

    /** Probabilities of the same model: softmax of 4 x (w_c . x + b_c), so it is not always sure. */
    public static double[] probabilities(float[] pixels) {
        double[] e = IntStream.range(0, CLASSES).mapToDouble(c -> {
            double dot = Centroids.B[c];
            for (int p = 0; p < PIXELS; p++) {
                dot += Centroids.W[c][p] * pixels[p];
            }
            return 4 * dot;
        }).toArray();
        double top = Arrays.stream(e).max().orElseThrow();
        double[] exp = Arrays.stream(e).map(z -> Math.exp(z - top)).toArray();
        double total = Arrays.stream(exp).sum();
        return Arrays.stream(exp).map(z -> z / total).toArray();
    }

    /** The valid model: input [N,1,28,28] (or [1,...] when batch is 1), output [N,10] probabilities. */
    public static byte[] valid() {
        return model(-1, CLASSES, true, UnaryOperator.identity()).build().toByteArray();
    }

    public static byte[] logits() {
        return model(1, CLASSES, false, UnaryOperator.identity()).build().toByteArray();
    }

    static OnnxMl.ModelProto.Builder model(long batch, long classes, boolean softmax,
                                           UnaryOperator<OnnxMl.GraphProto.Builder> change) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("centroids");
        g.addInput(tensor("input", OnnxMl.TensorProto.DataType.FLOAT, batch, 1, 28, 28));
        g.addOutput(tensor("scores", OnnxMl.TensorProto.DataType.FLOAT, batch, classes));
        OnnxMl.TensorProto.Builder w = floats("W", CLASSES, PIXELS);
        for (float[] row : Centroids.W) {
            for (float v : row) {
                w.addFloatData(v);
            }
        }
        OnnxMl.TensorProto.Builder b = floats("B", CLASSES);
        for (float v : Centroids.B) {
            b.addFloatData(v);
        }
        g.addInitializer(w).addInitializer(b);
        g.addNode(node("Flatten", "input", "flat").addAttribute(ints("axis", 1)));
        g.addNode(node("Gemm", "flat", softmax ? "logits" : "scores").addInput("W").addInput("B")
                .addAttribute(ints("transB", 1)).addAttribute(OnnxMl.AttributeProto.newBuilder().setName("alpha").setF(4f)
                        .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)));
        if (softmax) {
            g.addNode(node("Softmax", "logits", "scores").addAttribute(ints("axis", 1)));
        }
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("hindsight-test").setProducerVersion("1")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(change.apply(g));
    }

    /** The valid graph changed. */
    static byte[] changed(UnaryOperator<OnnxMl.GraphProto.Builder> change) {
        return model(-1, CLASSES, true, change).build().toByteArray();
    }

    static OnnxMl.NodeProto.Builder node(String op, String in, String out) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).addInput(in).addOutput(out).setName(op + "-" + out);
    }

    static OnnxMl.AttributeProto.Builder ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name);
        if (values.length == 1) {
            return a.setI(values[0]).setType(OnnxMl.AttributeProto.AttributeType.INT);
        }
        for (long v : values) {
            a.addInts(v);
        }
        return a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
    }

    static OnnxMl.TensorProto.Builder floats(String name, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }

    /** A tensor value info; a dimension of -1 is the symbolic "N". */
    static OnnxMl.ValueInfoProto tensor(String name, OnnxMl.TensorProto.DataType type, long... dims) {
        OnnxMl.TypeProto.Tensor.Builder t = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber());
        Arrays.stream(dims).mapToObj(d -> d >= 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d).build()
                : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N").build())
                .forEach(t.getShapeBuilder()::addDim);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)).build();
    }

    // ---- raw protobuf, for files the builders cannot or should not make ----------------------------

    static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 12);
        varint(out, (long) number << 3 | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
