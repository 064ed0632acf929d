package io.hindsight.gateway.models;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Reads the protobuf wire format of an ONNX model before ONNX Runtime sees it, and refuses what the gateway
 * does not serve: malformed or truncated data, lengths beyond the buffer, nesting deeper than the ONNX
 * structure, deprecated groups, IR or opset versions ONNX Runtime 1.23 does not support, operator domains
 * other than ai.onnx and ai.onnx.ml, operators outside {@link #OPS} (no control flow, no subgraphs, nothing
 * that makes tensors out of numbers: ConstantOfShape, Expand, Tile, Range, Pad, Resize...), model-local
 * functions, training info, sparse or external tensors (external data would be read from the gateway's disk),
 * tensors declaring more than {@link #MAX_TENSOR_ELEMENTS} elements, spatial attributes (pads, strides,
 * kernels, dilations) beyond {@link #MAX_SPATIAL}, types nested deeper than {@link #MAX_TYPE_DEPTH}, and
 * more than {@link #MAX_NODES} nodes or initializers.
 * Iterative, bounded by the input: a hostile file costs at most one pass over its bytes.
 */
final class OnnxModelScan {
    static final long MIN_IR = 3;
    static final long MAX_IR = 11;
    static final long MIN_OPSET = 7;
    /** ONNX Runtime 1.23 supports ai.onnx up to opset 23 ... */
    static final long MAX_OPSET = 23;
    /** ... and ai.onnx.ml up to 5. */
    static final long MAX_ML_OPSET = 5;
    static final int MAX_NODES = 5000;
    static final long MAX_TENSOR_ELEMENTS = 16L << 20;
    static final long MAX_SPATIAL = 64;
    static final long MAX_INT_ATTRIBUTE = 1 << 20;
    static final int MAX_NAME_BYTES = 4096;
    static final int MAX_TYPE_DEPTH = 16;

    static final String ML = "ai.onnx.ml";
    /** Operators of feed-forward image classifiers (float and quantized). */
    static final Set<String> OPS = Set.of(
            "Conv", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization",
            "InstanceNormalization", "LayerNormalization", "LRN", "Dropout", "Identity",
            "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
            "Softplus", "Softsign", "Gelu", "Erf", "Softmax", "LogSoftmax",
            "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Reciprocal", "Exp", "Log", "Abs", "Neg",
            "Clip", "Min", "Max", "Sum", "Mean", "ReduceMean", "ReduceSum", "ReduceMax", "ReduceL2",
            "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Concat", "Split", "Slice", "Gather", "Shape",
            "Cast", "Constant",
            "QuantizeLinear", "DequantizeLinear", "QLinearConv", "QLinearMatMul", "MatMulInteger", "ConvInteger");
    static final Set<String> ML_OPS = Set.of("LinearClassifier", "Normalizer", "Scaler", "TreeEnsembleClassifier");
    private static final Set<String> SPATIAL = Set.of("pads", "strides", "kernel_shape", "dilations");

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int BYTES = 2;
    private static final int FIXED32 = 5;

    /** What the scan learned, for the model's provenance. */
    record Summary(long irVersion, Map<String, Long> opsets, String producer, String producerVersion, int nodes,
                   int initializers, Map<String, Integer> ops) {
    }

    private OnnxModelScan() {
    }

    static Summary scan(byte[] bytes) throws InvalidModelException {
        try {
            return new OnnxModelScan.Model().read(new Reader(bytes, 0, bytes.length));
        } catch (Malformed e) {
            throw new InvalidModelException("not an ONNX model: " + e.getMessage());
        }
    }

    /** Thrown on bytes that are not a well-formed protobuf message. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** A cursor over one message's bytes: [pos, end). */
    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() throws Malformed {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new Malformed("truncated varint at byte " + pos);
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new Malformed("varint longer than 10 bytes at byte " + pos);
        }

        /** The next field's tag: field number << 3 | wire type. */
        long tag() throws Malformed {
            long tag = varint();
            if ((tag >>> 3) == 0) {
                throw new Malformed("field number 0 at byte " + pos);
            }
            return tag;
        }

        Reader message() throws Malformed {
            long len = varint();
            if (len < 0 || len > end - pos) {
                throw new Malformed("a field claims " + len + " bytes, " + (end - pos) + " are left");
            }
            Reader r = new Reader(b, pos, pos + (int) len);
            pos += (int) len;
            return r;
        }

        String string() throws Malformed {
            Reader r = message();
            if (r.end - r.pos > MAX_NAME_BYTES) {
                throw new Malformed("a name of " + (r.end - r.pos) + " bytes");
            }
            return new String(b, r.pos, r.end - r.pos, StandardCharsets.UTF_8);
        }

        void skip(long tag) throws Malformed {
            int type = (int) (tag & 7);
            switch (type) {
                case VARINT -> varint();
                case FIXED64 -> advance(8);
                case BYTES -> message();
                case FIXED32 -> advance(4);
                default -> throw new Malformed("wire type " + type + " (groups are not used by ONNX) in field " + (tag >>> 3));
            }
        }

        private void advance(int n) throws Malformed {
            if (end - pos < n) {
                throw new Malformed("truncated fixed-width field at byte " + pos);
            }
            pos += n;
        }

        /** The values of a repeated int64 field, packed or not. */
        void ints(long tag, LongConsumer each) throws Malformed {
            if ((tag & 7) == BYTES) {
                Reader packed = message();
                while (packed.more()) {
                    each.accept(packed.varint());
                }
            } else if ((tag & 7) == VARINT) {
                each.accept(varint());
            } else {
                throw new Malformed("field " + (tag >>> 3) + " should hold integers");
            }
        }
    }

    private static long field(long tag) {
        return tag >>> 3;
    }

    /** The walk over ModelProto, GraphProto, NodeProto, AttributeProto and TensorProto. */
    private static final class Model {
        private final Map<String, Long> opsets = new TreeMap<>();
        private final Map<String, Integer> ops = new TreeMap<>();
        private long ir = -1;
        private String producer = "";
        private String producerVersion = "";
        private int nodes;
        private int initializers;
        private boolean graph;

        Summary read(Reader m) throws Malformed, InvalidModelException {
            while (m.more()) {
                long tag = m.tag();
                switch ((int) field(tag)) {
                    case 1 -> ir = m.varint();
                    case 2 -> producer = m.string();
                    case 3 -> producerVersion = m.string();
                    case 7 -> {
                        graph(m.message());
                        graph = true;
                    }
                    case 8 -> opset(m.message());
                    case 20 -> throw new InvalidModelException("training info is not accepted: upload an inference model");
                    case 25 -> throw new InvalidModelException("model-local functions are not accepted");
                    default -> m.skip(tag);
                }
            }
            if (!graph) {
                throw new InvalidModelException("not an ONNX model: no graph");
            }
            if (ir < MIN_IR || ir > MAX_IR) {
                throw new InvalidModelException("IR version " + ir + " is not supported: ONNX Runtime 1.23 reads "
                        + MIN_IR + ".." + MAX_IR);
            }
            Long core = opsets.get("");
            if (core == null) {
                throw new InvalidModelException("no ai.onnx opset is imported");
            }
            return new Summary(ir, Map.copyOf(opsets), producer, producerVersion, nodes, initializers, Map.copyOf(ops));
        }

        private void opset(Reader r) throws Malformed, InvalidModelException {
            String domain = "";
            long version = 0;
            while (r.more()) {
                long tag = r.tag();
                switch ((int) field(tag)) {
                    case 1 -> domain = r.string();
                    case 2 -> version = r.varint();
                    default -> r.skip(tag);
                }
            }
            domain = domain.equals("ai.onnx") ? "" : domain;
            if (domain.isEmpty() && (version < MIN_OPSET || version > MAX_OPSET)) {
                throw new InvalidModelException("opset " + version + " is not supported: use ai.onnx opset "
                        + MIN_OPSET + ".." + MAX_OPSET + " (ONNX Runtime 1.23)");
            }
            if (domain.equals(ML) && (version < 1 || version > MAX_ML_OPSET)) {
                throw new InvalidModelException("ai.onnx.ml opset " + version + " is not supported: use 1.." + MAX_ML_OPSET);
            }
            if (!domain.isEmpty() && !domain.equals(ML)) {
                throw new InvalidModelException("custom operator domain '" + domain + "' is not accepted: "
                        + "only ai.onnx and ai.onnx.ml operators");
            }
            opsets.put(domain, version);
        }

        private void graph(Reader g) throws Malformed, InvalidModelException {
            while (g.more()) {
                long tag = g.tag();
                switch ((int) field(tag)) {
                    case 1 -> {
                        if (++nodes > MAX_NODES) {
                            throw new InvalidModelException("more than " + MAX_NODES + " nodes");
                        }
                        node(g.message());
                    }
                    case 5 -> {
                        if (++initializers > MAX_NODES) {
                            throw new InvalidModelException("more than " + MAX_NODES + " initializers");
                        }
                        tensor(g.message(), "initializer");
                    }
                    case 15 -> throw new InvalidModelException("sparse initializers are not accepted");
                    case 11, 12, 13 -> valueInfo(g.message());
                    default -> g.skip(tag);
                }
            }
        }

        /** ValueInfoProto: only its type is walked, for nesting depth (sequences of maps of sequences...). */
        private void valueInfo(Reader v) throws Malformed, InvalidModelException {
            while (v.more()) {
                long tag = v.tag();
                if (field(tag) == 2) {
                    type(v.message(), 1);
                } else {
                    v.skip(tag);
                }
            }
        }

        /** TypeProto: sequence_type (4), map_type (5) and optional_type (9) hold further types. */
        private void type(Reader t, int depth) throws Malformed, InvalidModelException {
            if (depth > MAX_TYPE_DEPTH) {
                throw new InvalidModelException("types nested deeper than " + MAX_TYPE_DEPTH);
            }
            while (t.more()) {
                long tag = t.tag();
                int f = (int) field(tag);
                if (f == 4 || f == 5 || f == 9) {
                    Reader inner = t.message();
                    int typeField = f == 5 ? 2 : 1; // Map: key_type 1, value_type 2; Sequence, Optional: elem_type 1
                    while (inner.more()) {
                        long innerTag = inner.tag();
                        if (field(innerTag) == typeField) {
                            type(inner.message(), depth + 1);
                        } else {
                            inner.skip(innerTag);
                        }
                    }
                } else {
                    t.skip(tag);
                }
            }
        }

        private void node(Reader n) throws Malformed, InvalidModelException {
            String op = "";
            String domain = "";
            // attributes are checked once the op type is known: it may come after them
            List<Reader> attributes = new ArrayList<>();
            while (n.more()) {
                long tag = n.tag();
                switch ((int) field(tag)) {
                    case 4 -> op = n.string();
                    case 7 -> domain = n.string();
                    case 5 -> attributes.add(n.message());
                    default -> n.skip(tag);
                }
            }
            domain = domain.equals("ai.onnx") ? "" : domain;
            boolean allowed = domain.isEmpty() ? OPS.contains(op) : domain.equals(ML) && ML_OPS.contains(op);
            if (!allowed) {
                throw new InvalidModelException(domain.isEmpty() || domain.equals(ML)
                        ? "operator " + op + " is not accepted: the gateway takes the operators of feed-forward "
                                + "classifiers (no control flow, nothing that sizes tensors from data)"
                        : "custom operator " + domain + "::" + op + " is not accepted");
            }
            ops.merge(op, 1, Integer::sum);
            for (Reader a : attributes) {
                attribute(a, op, !domain.isEmpty());
            }
        }

        private void attribute(Reader a, String op, boolean ml) throws Malformed, InvalidModelException {
            String name = "";
            List<Long> ints = new ArrayList<>();
            while (a.more()) {
                long tag = a.tag();
                switch ((int) field(tag)) {
                    case 1 -> name = a.string();
                    case 3 -> ints.add(a.varint());
                    case 8 -> a.ints(tag, ints::add);
                    case 5 -> tensor(a.message(), op + " attribute");
                    case 10 -> tensor(a.message(), op + " attribute");
                    case 6, 11 -> throw new InvalidModelException("subgraphs (" + op + ") are not accepted");
                    case 22, 23 -> throw new InvalidModelException("sparse tensors are not accepted");
                    default -> a.skip(tag);
                }
                if (!ml && ints.size() > 1024) {
                    throw new InvalidModelException("attribute " + name + " of " + op + " has too many values");
                }
            }
            if (ml) {
                return;
            }
            long limit = SPATIAL.contains(name) ? MAX_SPATIAL : MAX_INT_ATTRIBUTE;
            for (long v : ints) {
                if (Math.abs(v) > limit || (SPATIAL.contains(name) && v < 0)) {
                    throw new InvalidModelException("attribute " + name + " of " + op + " is " + v
                            + ", outside " + (SPATIAL.contains(name) ? "0.." : "+-") + limit);
                }
            }
        }

        private void tensor(Reader t, String what) throws Malformed, InvalidModelException {
            String name = "";
            long[] elements = {1};
            boolean[] negative = {false};
            while (t.more()) {
                long tag = t.tag();
                switch ((int) field(tag)) {
                    case 1 -> t.ints(tag, d -> {
                        negative[0] |= d < 0;
                        elements[0] = d > 0 && elements[0] > Long.MAX_VALUE / d ? Long.MAX_VALUE : elements[0] * Math.max(d, 0);
                    });
                    case 8 -> name = t.string();
                    case 13 -> throw external(what, name);
                    case 14 -> {
                        if (t.varint() != 0) {
                            throw external(what, name);
                        }
                    }
                    default -> t.skip(tag);
                }
            }
            if (negative[0]) {
                throw new InvalidModelException(what + " " + name + " has a negative dimension");
            }
            if (elements[0] > MAX_TENSOR_ELEMENTS) {
                throw new InvalidModelException(what + " " + name + " declares " + elements[0] + " elements, more than the "
                        + MAX_TENSOR_ELEMENTS + " accepted");
            }
        }

        private static InvalidModelException external(String what, String name) {
            return new InvalidModelException(what + " " + name + " refers to external data: upload a model with its "
                    + "weights inside");
        }
    }
}
