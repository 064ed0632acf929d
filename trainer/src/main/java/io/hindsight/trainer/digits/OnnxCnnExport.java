package io.hindsight.trainer.digits;

import static io.hindsight.trainer.onnx.OnnxTensors.tensor;
import static io.hindsight.trainer.onnx.OnnxTensors.tensorInfo;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@link DigitsCnn} as an ONNX model by hand, with the protobuf classes that ship in tribuo-util-onnx
 * (Tribuo's own ONNX builder has no Conv). IR 8, default-domain opset 13:
 * <pre>
 * input [N,1,28,28] -> Conv(5x5, 32) -> Relu -> MaxPool(2x2/2) -> Conv(5x5, 64) -> Relu -> MaxPool(2x2/2)
 *   -> Flatten(axis 1) -> Gemm(transB=1, 128) -> Relu -> Gemm(transB=1, 10) -> Softmax(axis 1) -> probabilities [N,10]
 * </pre>
 * DJL's conv weights are already [out,in,kH,kW] and its dense weights [out,in], so they are copied as they are
 * (dense layers therefore use Gemm with transB=1). DJL's batch flatten of NCHW is ONNX's Flatten(axis=1), same
 * C-major order. The bytes are a pure function of the weights and the metadata passed in (no timestamps), so
 * retraining to the same weights gives the same sha256.
 */
public final class OnnxCnnExport {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 13;
    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";
    public static final String FAMILY = "cnn";
    public static final String PRODUCER = "hindsight-trainer";
    public static final String BATCH_DIM = "N";

    private OnnxCnnExport() {
    }

    /**
     * @param producerVersion the trainer's code version (ONNX producer_version)
     * @param metadata        extra string properties stored in the model's metadata_props (sorted by key)
     */
    public static byte[] export(CnnWeights w, String producerVersion, Map<String, String> metadata) {
        return model(w, producerVersion, metadata).toByteArray();
    }

    public static ModelProto model(CnnWeights w, String producerVersion, Map<String, String> metadata) {
        GraphProto.Builder g = GraphProto.newBuilder()
                .setName("hindsight-digits-cnn")
                .setDocString("MNIST-style digit classifier: " + DigitsCnn.DESCRIPTION)
                .addInput(tensorInfo(INPUT, "28x28 grayscale digits, row-major, 0..1, ink high (DigitPreprocessing output)",
                        BATCH_DIM, 1L, (long) DigitsCnn.SIDE, (long) DigitsCnn.SIDE))
                .addOutput(tensorInfo(OUTPUT, "probability of each digit 0..9 (softmax; rows sum to 1)",
                        BATCH_DIM, (long) DigitsCnn.CLASSES));
        g.addInitializer(tensor("conv1.weight", w.conv1Weight(), CnnWeights.conv1WeightShape()));
        g.addInitializer(tensor("conv1.bias", w.conv1Bias(), DigitsCnn.CONV1_FILTERS));
        g.addInitializer(tensor("conv2.weight", w.conv2Weight(), CnnWeights.conv2WeightShape()));
        g.addInitializer(tensor("conv2.bias", w.conv2Bias(), DigitsCnn.CONV2_FILTERS));
        g.addInitializer(tensor("dense1.weight", w.dense1Weight(), CnnWeights.dense1WeightShape()));
        g.addInitializer(tensor("dense1.bias", w.dense1Bias(), DigitsCnn.HIDDEN));
        g.addInitializer(tensor("dense2.weight", w.dense2Weight(), CnnWeights.dense2WeightShape()));
        g.addInitializer(tensor("dense2.bias", w.dense2Bias(), DigitsCnn.CLASSES));

        g.addNode(conv("conv1", INPUT, "conv1.weight", "conv1.bias", "conv1_out"));
        g.addNode(node("Relu", "relu1", "relu1_out", "conv1_out"));
        g.addNode(maxPool("pool1", "relu1_out", "pool1_out"));
        g.addNode(conv("conv2", "pool1_out", "conv2.weight", "conv2.bias", "conv2_out"));
        g.addNode(node("Relu", "relu2", "relu2_out", "conv2_out"));
        g.addNode(maxPool("pool2", "relu2_out", "pool2_out"));
        g.addNode(node("Flatten", "flatten", "flat", "pool2_out").toBuilder().addAttribute(intAttr("axis", 1)).build());
        g.addNode(gemm("dense1", "flat", "dense1.weight", "dense1.bias", "dense1_out"));
        g.addNode(node("Relu", "relu3", "relu3_out", "dense1_out"));
        g.addNode(gemm("dense2", "relu3_out", "dense2.weight", "dense2.bias", "logits"));
        g.addNode(node("Softmax", "softmax", OUTPUT, "logits").toBuilder().addAttribute(intAttr("axis", 1)).build());

        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER)
                .setProducerVersion(producerVersion == null ? "dev" : producerVersion)
                .setDomain("io.hindsight")
                .setModelVersion(1)
                .setDocString("Hindsight digits CNN (family " + FAMILY + "), trained with DJL on libtorch. Input '" + INPUT
                        + "': float [N,1,28,28], 0..1, ink high. Output '" + OUTPUT + "': float [N,10], class probabilities. "
                        + DigitsCnn.DESCRIPTION + ".")
                .setGraph(g);
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return m.build();
    }

    private static NodeProto conv(String name, String in, String weight, String bias, String out) {
        return NodeProto.newBuilder().setOpType("Conv").setName(name)
                .addInput(in).addInput(weight).addInput(bias).addOutput(out)
                .addAttribute(intsAttr("kernel_shape", DigitsCnn.KERNEL, DigitsCnn.KERNEL))
                .addAttribute(intsAttr("strides", 1, 1))
                .addAttribute(intsAttr("pads", 0, 0, 0, 0))
                .addAttribute(intsAttr("dilations", 1, 1))
                .addAttribute(intAttr("group", 1))
                .build();
    }

    private static NodeProto maxPool(String name, String in, String out) {
        return NodeProto.newBuilder().setOpType("MaxPool").setName(name).addInput(in).addOutput(out)
                .addAttribute(intsAttr("kernel_shape", DigitsCnn.POOL, DigitsCnn.POOL))
                .addAttribute(intsAttr("strides", DigitsCnn.POOL, DigitsCnn.POOL))
                .addAttribute(intsAttr("pads", 0, 0, 0, 0))
                .build();
    }

    private static NodeProto gemm(String name, String in, String weight, String bias, String out) {
        return NodeProto.newBuilder().setOpType("Gemm").setName(name)
                .addInput(in).addInput(weight).addInput(bias).addOutput(out)
                .addAttribute(intAttr("transB", 1))
                .build();
    }

    private static NodeProto node(String op, String name, String out, String in) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addInput(in).addOutput(out).build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }
}
