package io.hindsight.trainer.rps;

import static io.hindsight.trainer.onnx.OnnxTensors.tensor;
import static io.hindsight.trainer.onnx.OnnxTensors.tensorInfo;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsFeatures;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes brian as an ONNX model by hand (IR 8, opset 13), like the digits CNN export:
 * <pre>
 * input [N,50] -> Gemm(transB=1, h1) -> Relu -> Gemm(transB=1, h2) -> Relu -> Gemm(transB=1, 3)
 *   -> Softmax(axis 1) -> probabilities [N,3]   (rock, paper, scissors; rows sum to 1)
 * </pre>
 * One input and one output, [N,50] and [N,3] with a symbolic batch dimension: what the predictor's ONNX
 * classifier accepts for rps (input shape {-1,50}, 3 classes, probabilities served as they are). The bytes are a
 * pure function of the weights and metadata (no timestamps), so the same weights give the same sha256.
 */
public final class BrianOnnxExport {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 13;
    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";
    private static final String BATCH_DIM = "N";

    private BrianOnnxExport() {
    }

    static byte[] export(BrianWeights w, String producerVersion, Map<String, String> metadata) {
        GraphProto.Builder g = GraphProto.newBuilder()
                .setName("hindsight-rps-brian")
                .setDocString("predicts the player's next rock-paper-scissors move from the 50 rps features")
                .addInput(tensorInfo(INPUT, "the 50 rps features (RpsFeatures order)", BATCH_DIM, (long) RpsFeatures.COUNT))
                .addOutput(tensorInfo(OUTPUT, "probability of rock, paper, scissors (softmax; rows sum to 1)",
                        BATCH_DIM, (long) Move.COUNT));
        long[][] shapes = BrianWeights.shapes(w.hidden1(), w.hidden2());
        String[] names = {"dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias", "dense3.weight", "dense3.bias"};
        for (int i = 0; i < names.length; i++) {
            g.addInitializer(tensor(names[i], w.arrays().get(i), shapes[i]));
        }
        g.addNode(gemm("dense1", INPUT, "dense1.weight", "dense1.bias", "dense1_out"));
        g.addNode(node("Relu", "relu1", "relu1_out", "dense1_out"));
        g.addNode(gemm("dense2", "relu1_out", "dense2.weight", "dense2.bias", "dense2_out"));
        g.addNode(node("Relu", "relu2", "relu2_out", "dense2_out"));
        g.addNode(gemm("dense3", "relu2_out", "dense3.weight", "dense3.bias", "logits"));
        g.addNode(node("Softmax", "softmax", OUTPUT, "logits").toBuilder()
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeType.INT).setI(1)).build());
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("hindsight-trainer")
                .setProducerVersion(producerVersion == null ? "dev" : producerVersion)
                .setDomain("io.hindsight")
                .setModelVersion(1)
                .setDocString("Hindsight rps family brian, trained with DJL on libtorch. Input '" + INPUT
                        + "': float [N,50]. Output '" + OUTPUT + "': float [N,3], probabilities of rock, paper, scissors. "
                        + "dense" + w.hidden1() + "-relu, dense" + w.hidden2() + "-relu, dense3, softmax.")
                .setGraph(g);
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return m.build().toByteArray();
    }

    private static NodeProto gemm(String name, String in, String weight, String bias, String out) {
        return NodeProto.newBuilder().setOpType("Gemm").setName(name)
                .addInput(in).addInput(weight).addInput(bias).addOutput(out)
                .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeType.INT).setI(1))
                .build();
    }

    private static NodeProto node(String op, String name, String out, String in) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addInput(in).addOutput(out).build();
    }
}
