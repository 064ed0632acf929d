package io.hindsight.predictor.registry;

import ai.onnx.proto.OnnxMl;
import java.util.Random;

/**
 * A linear classifier written as an ONNX graph (Flatten, Gemm, optionally Softmax) with seeded weights, and
 * the same arithmetic in Java to check ONNX Runtime's answers against: digits ([N,1,28,28] to 10 classes)
 * or rps ([N,50] to 3 moves).
 */
public final class TinyOnnx {
    private final long[] inputDims; // after the batch dimension
    private final int width; // input values per row
    private final int classes;

    final float[][] weights;
    final float[] bias;

    /** A digits classifier. */
    public TinyOnnx(long seed) {
        this(seed, new long[] {1, 28, 28}, 10);
    }

    /** An rps classifier: the 50-feature vector in, rock/paper/scissors out. */
    public static TinyOnnx rps(long seed) {
        return new TinyOnnx(seed, new long[] {50}, 3);
    }

    private TinyOnnx(long seed, long[] inputDims, int classes) {
        this.inputDims = inputDims;
        long values = 1;
        for (long d : inputDims) {
            values *= d;
        }
        this.width = (int) values;
        this.classes = classes;
        this.weights = new float[classes][width];
        this.bias = new float[classes];
        Random r = new Random(seed);
        for (int c = 0; c < classes; c++) {
            for (int p = 0; p < width; p++) {
                weights[c][p] = (float) (r.nextGaussian() * 0.05);
            }
            bias[c] = (float) (r.nextGaussian() * 0.1);
        }
    }

    /** @param batch the input's first dimension: -1 for a symbolic batch, 1 for single rows only */
    public byte[] model(boolean softmax, long batch, long classes) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny");
        long[] in = new long[inputDims.length + 1];
        in[0] = batch;
        System.arraycopy(inputDims, 0, in, 1, inputDims.length);
        g.addInput(valueInfo("input", in));
        g.addOutput(valueInfo("scores", batch, classes));
        OnnxMl.TensorProto.Builder w = OnnxMl.TensorProto.newBuilder().setName("W")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(this.classes).addDims(width);
        for (float[] row : weights) {
            for (float v : row) {
                w.addFloatData(v);
            }
        }
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName("B")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(this.classes);
        for (float v : bias) {
            b.addFloatData(v);
        }
        g.addInitializer(w).addInitializer(b);
        g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Flatten").addInput("input").addOutput("flat")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(1).setType(OnnxMl.AttributeProto.AttributeType.INT)));
        g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").addInput("flat").addInput("W").addInput("B")
                .addOutput(softmax ? "logits" : "scores")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("transB").setI(1).setType(OnnxMl.AttributeProto.AttributeType.INT)));
        if (softmax) {
            g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Softmax").addInput("logits").addOutput("scores")
                    .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(1).setType(OnnxMl.AttributeProto.AttributeType.INT)));
        }
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("hindsight-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(g).build().toByteArray();
    }

    /** What the graph computes, in double precision. */
    public double[] probabilities(double[] row) {
        double[] logits = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double z = bias[c];
            for (int p = 0; p < width; p++) {
                z += weights[c][p] * row[p];
            }
            logits[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < classes; c++) {
            logits[c] /= sum;
        }
        return logits;
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }
}
