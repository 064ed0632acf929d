package io.hindsight.gateway.models;

import static io.hindsight.gateway.models.TestOnnx.changed;
import static io.hindsight.gateway.models.TestOnnx.concat;
import static io.hindsight.gateway.models.TestOnnx.field;
import static io.hindsight.gateway.models.TestOnnx.floats;
import static io.hindsight.gateway.models.TestOnnx.ints;
import static io.hindsight.gateway.models.TestOnnx.node;
import static io.hindsight.gateway.models.TestOnnx.tensor;

import ai.onnx.proto.OnnxMl;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Files the upload must refuse with 422, each with a phrase its reason must contain. */
final class HostileModels {
    private HostileModels() {
    }

    static Stream<Arguments> all() {
        return Stream.of(
                of("random bytes", HostileModels::randomBytes, "not an ONNX model"),
                of("text", () -> "hello, I am a model".getBytes(StandardCharsets.UTF_8), "not an ONNX model"),
                of("a length past the end (truncated or lying)", HostileModels::lyingLength, "bytes, "),
                of("types nested 20000 deep (protobuf recursion bomb)", HostileModels::nestedTypes, "nested deeper"),
                of("an initializer of 2^40 elements (huge dims, no data)", HostileModels::hugeInitializer, "elements"),
                of("6000 nodes", HostileModels::manyNodes, "more than 5000 nodes"),
                of("input [N,784]", HostileModels::flatInput, "input input is [-1, 784]"),
                of("input [1,1,100000,100000] (huge dims)", HostileModels::hugeInput, "[1, 1, 100000, 100000]"),
                of("output [N,5]", HostileModels::fiveClasses, "[N,10]"),
                of("two outputs", HostileModels::twoOutputs, "exactly one input and one output"),
                of("int64 input", HostileModels::intInput, "not a float tensor"),
                of("custom operator domain", HostileModels::customOp, "custom operator"),
                of("ConstantOfShape (memory bomb)", HostileModels::constantOfShape, "operator ConstantOfShape is not accepted"),
                of("If with subgraphs", HostileModels::ifSubgraph, "operator If is not accepted"),
                of("Conv pads of 100000", HostileModels::hugePads, "attribute pads of Conv is 100000"),
                of("external data", HostileModels::externalData, "external data"),
                of("opset 24", () -> opset(24), "opset 24 is not supported"),
                of("IR version 12", HostileModels::ir12, "IR version 12"),
                of("NaN scores", HostileModels::nanScores, "answered NaN"));
    }

    private static Arguments of(String name, Supplier<byte[]> bytes, String reason) {
        return Arguments.of(name, bytes, reason);
    }

    static byte[] randomBytes() {
        byte[] b = new byte[4096];
        new Random(42).nextBytes(b);
        return b;
    }

    /** A graph field claiming 2^31 - 1 bytes, then nothing. */
    static byte[] lyingLength() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build().toByteArray());
        TestOnnx.varint(out, 7 << 3 | 2);
        TestOnnx.varint(out, Integer.MAX_VALUE);
        out.writeBytes(new byte[16]);
        return out.toByteArray();
    }

    /** The valid graph plus one more input whose type is a sequence of a sequence of ... 20000 deep. */
    static byte[] nestedTypes() {
        byte[] type = TestOnnx.tensor("x", OnnxMl.TensorProto.DataType.FLOAT, 1).getType().toByteArray();
        for (int i = 0; i < 20_000; i++) {
            type = field(4, field(1, type)); // TypeProto.sequence_type { elem_type: <type> }
        }
        byte[] valueInfo = concat(field(1, "deep".getBytes(StandardCharsets.UTF_8)), field(2, type));
        OnnxMl.ModelProto valid = TestOnnx.model(-1, 10, true, g -> g).build();
        byte[] graph = concat(valid.getGraph().toByteArray(), field(11, valueInfo));
        return concat(valid.toBuilder().clearGraph().build().toByteArray(), field(7, graph));
    }

    static byte[] hugeInitializer() {
        return changed(g -> g.addInitializer(floats("huge", 1L << 20, 1L << 20)));
    }

    static byte[] manyNodes() {
        return changed(g -> {
            g.removeNode(2).addNode(node("Softmax", "logits", "s0").addAttribute(ints("axis", 1)));
            for (int i = 0; i < 6000; i++) {
                g.addNode(node("Identity", "s" + i, i == 5999 ? "scores" : "s" + (i + 1)));
            }
            return g;
        });
    }

    static byte[] flatInput() {
        return changed(g -> g.setInput(0, tensor("input", OnnxMl.TensorProto.DataType.FLOAT, -1, 784)));
    }

    static byte[] hugeInput() {
        return TestOnnx.model(1, 10, true, g -> g.setInput(0, tensor("input", OnnxMl.TensorProto.DataType.FLOAT,
                1, 1, 100_000, 100_000))).build().toByteArray();
    }

    static byte[] fiveClasses() {
        return TestOnnx.model(-1, 5, true, g -> {
            OnnxMl.TensorProto.Builder w = floats("W", 5, 784);
            OnnxMl.TensorProto.Builder b = floats("B", 5);
            for (int i = 0; i < 5 * 784; i++) {
                w.addFloatData(0.001f * (i % 7));
            }
            for (int i = 0; i < 5; i++) {
                b.addFloatData(0);
            }
            return g.setInitializer(0, w).setInitializer(1, b);
        }).build().toByteArray();
    }

    static byte[] twoOutputs() {
        return changed(g -> g.addOutput(tensor("logits", OnnxMl.TensorProto.DataType.FLOAT, -1, 10)));
    }

    static byte[] intInput() {
        return changed(g -> g.setInput(0, tensor("raw", OnnxMl.TensorProto.DataType.INT64, -1, 1, 28, 28))
                .addNode(0, node("Cast", "raw", "input").addAttribute(ints("to", 1))));
    }

    static byte[] customOp() {
        return TestOnnx.model(-1, 10, true, g -> g.addNode(node("Backdoor", "scores", "owned").setDomain("com.evil")))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.evil").setVersion(1))
                .build().toByteArray();
    }

    static byte[] constantOfShape() {
        OnnxMl.TensorProto.Builder shape = OnnxMl.TensorProto.newBuilder().setName("shape")
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(2).addInt64Data(100_000).addInt64Data(100_000);
        return changed(g -> g.addInitializer(shape).addNode(node("ConstantOfShape", "shape", "bomb")));
    }

    static byte[] ifSubgraph() {
        OnnxMl.GraphProto branch = OnnxMl.GraphProto.newBuilder().setName("branch")
                .addOutput(tensor("y", OnnxMl.TensorProto.DataType.FLOAT, 1)).build();
        return changed(g -> g.addNode(node("If", "cond", "z")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("then_branch").setG(branch)
                        .setType(OnnxMl.AttributeProto.AttributeType.GRAPH))));
    }

    static byte[] hugePads() {
        return changed(g -> g.addNode(node("Conv", "input", "conv").addInput("K")
                .addAttribute(ints("pads", 100_000, 100_000, 100_000, 100_000))));
    }

    static byte[] externalData() {
        return changed(g -> g.setInitializer(0, floats("W", 10, 784)
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("/etc/passwd"))));
    }

    static byte[] opset(long version) {
        OnnxMl.ModelProto.Builder m = TestOnnx.model(-1, 10, true, g -> g);
        return m.setOpsetImport(0, OnnxMl.OperatorSetIdProto.newBuilder().setVersion(version)).build().toByteArray();
    }

    static byte[] ir12() {
        return TestOnnx.model(-1, 10, true, g -> g).setIrVersion(12).build().toByteArray();
    }

    /** Softmax, negated, logged: every score is NaN. */
    static byte[] nanScores() {
        return changed(g -> g.setNode(2, node("Softmax", "logits", "p").addAttribute(ints("axis", 1)))
                .addNode(node("Neg", "p", "negative")).addNode(node("Log", "negative", "scores")));
    }
}
