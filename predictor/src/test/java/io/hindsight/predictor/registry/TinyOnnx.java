package io.hindsight.predictor.registry;

import ai.onnx.proto.OnnxMl;
import java.util.Random;

/**
 * A linear digits classifier written as an ONNX graph (Flatten, Gemm, optionally Softmax) with seeded
 * weights, and the same arithmetic in Java to check ONNX Runtime's answers against.
 */
public final class TinyOnnx {
    static final int PIXELS = 784;
    static final int CLASSES = 10;

    final float[][] weights = new float[CLASSES][PIXELS];
    final float[] bias = new float[CLASSES];

    public TinyOnnx(long seed) {
        Random r = new Random(seed);
        for (int c = 0; c < CLASSES; c++) {
            for (int p = 0; p < PIXELS; p++) {
                weights[c][p] = (float) (r.nextGaussian() * 0.05);
            }
            bias[c] = (float) (r.nextGaussian() * 0.1);
        }
    }

    /** @param batch the input's first dimension: -1 for a symbolic batch, 1 for single images only */
    public byte[] model(boolean softmax, long batch, long classes) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny");
        g.addInput(valueInfo("input", batch, 1, 28, 28));
        g.addOutput(valueInfo("scores", batch, classes));
        OnnxMl.TensorProto.Builder w = OnnxMl.TensorProto.newBuilder().setName("W")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(CLASSES).addDims(PIXELS);
        for (float[] row : weights) {
            for (float v : row) {
                w.addFloatData(v);
            }
        }
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName("B")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(CLASSES);
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
    public double[] probabilities(double[] pixels) {
        double[] logits = new double[CLASSES];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            double z = bias[c];
            for (int p = 0; p < PIXELS; p++) {
                z += weights[c][p] * pixels[p];
            }
            logits[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < CLASSES; c++) {
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
