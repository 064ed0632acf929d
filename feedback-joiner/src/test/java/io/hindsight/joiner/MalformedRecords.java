package io.hindsight.joiner;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A seeded generator of malformed raw records for the joiner's inputs, {@code <task>.feedback} and
 * {@code <task>.predictions}: every record it emits is invalid by construction (the {@link Kind} says how),
 * so each must be dead-lettered with a reason and counted, never joined. Same seed, same records. (The
 * predictor module has the same generator for requests; test code is not shared between modules.)
 *
 * <p>Keys: feedback is re-keyed by the id in its value, so a feedback key never makes a record valid or
 * invalid and key variants (null, empty, random or non-UTF-8 bytes, another id, very long) ride on malformed
 * values. A prediction must be keyed by its request id (the join's state and partitions are by key), so for
 * predictions a wrong key is a malformation of its own ({@link Kind#KEY_MISMATCH}, with an otherwise valid
 * value) and every other kind carries the right key, so the value alone makes it invalid.
 *
 * <p>"Extra fields" are accepted by the schemas (clients may send more than is read), so
 * {@link Kind#EXTRA_FIELD} adds extras and misspells a required field, which is what makes it invalid.
 */
public final class MalformedRecords {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String RAW = "@@raw@@";

    /** How a record is malformed. */
    public enum Kind {
        RANDOM_BYTES, EMPTY, NULL_VALUE, TRUNCATED, GARBLED, NON_UTF8, WRONG_SHAPE, WRONG_TYPE, HUGE_NUMBER,
        NAN_INFINITY, MISSING_FIELD, EXTRA_FIELD, SEMANTIC, DEEP_NESTING, LONG_STRING, KEY_MISMATCH
    }

    /** One raw record: key and value as a client would write them (either may be null). */
    public record Malformed(byte[] key, byte[] value, Kind kind, String detail) {
        public int size() {
            return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        }
    }

    /** A JSON type, for "a value of the wrong type". */
    enum JsonType { STRING, INTEGER, FRACTION, BOOLEAN, NULL, ARRAY, OBJECT }

    /** What differs between record shapes: a valid record, its required fields and its semantic breakages. */
    interface Shape {
        ObjectNode valid(Random r, String id);

        /** Top-level required fields and the JSON types each accepts. */
        Map<String, List<JsonType>> required();

        /** Required numeric fields a number past any double (1e400, which reads as Infinity) makes invalid. */
        List<String> numeric();

        /** Edits that keep the JSON well-formed and typed but break a rule of the schema or the contract. */
        List<BiFunction<ObjectNode, Random, String>> semantic();

        /** Other shapes (other topics' records) that are not this one. */
        List<ObjectNode> others(Random r);

        /** The field the record must be keyed by, or null when the key does not matter. */
        default String keyField() {
            return null;
        }
    }

    private final Shape shape;
    private final Random random;
    private long count;

    public MalformedRecords(Shape shape, long seed) {
        this.shape = shape;
        this.random = new Random(seed);
    }

    /** Malformed {@code <task>.feedback} records. */
    public static MalformedRecords feedback(Task task, long seed) {
        return new MalformedRecords(new FeedbackShape(task), seed);
    }

    /** Malformed {@code <task>.predictions} records. */
    public static MalformedRecords predictions(Task task, long seed) {
        return new MalformedRecords(new PredictionShape(task), seed);
    }

    /** A valid record and the request id it carries. */
    public record Valid(String id, byte[] value) {
    }

    /** A valid record, for checking the generator's templates and that valid records are joined after the junk. */
    public Valid valid(String seedId) {
        ObjectNode node = shape.valid(new Random(seedId.hashCode()), seedId);
        return new Valid(node.get(shape.keyField() == null ? "id" : shape.keyField()).asString(), bytes(node));
    }

    public List<Malformed> next(int n) {
        List<Malformed> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    public Malformed next() {
        count++;
        int kinds = Kind.values().length - (shape.keyField() == null ? 1 : 0); // KEY_MISMATCH only where keys matter
        Kind kind = Kind.values()[random.nextInt(kinds)];
        String id = "fuzz-" + count;
        ObjectNode base = shape.valid(random, id);
        if (shape.keyField() == null) {
            Malformed m = value(kind, base);
            return new Malformed(key(id), m.value(), kind, m.detail());
        }
        byte[] right = base.get(shape.keyField()).asString().getBytes(StandardCharsets.UTF_8);
        if (kind == Kind.KEY_MISMATCH) {
            byte[] key;
            do {
                key = key(id + "-other");
            } while (key != null && Arrays.equals(key, right));
            return new Malformed(key, bytes(base), kind, "keyed " + (key == null ? "null" : key.length + " bytes"));
        }
        Malformed m = value(kind, base);
        return new Malformed(right, m.value(), kind, m.detail());
    }

    /** A malformed record of about {@code bytes} bytes: a valid record whose id is far past its 128-character limit. */
    public Malformed oversized(int bytes) {
        ObjectNode base = shape.valid(random, "big");
        String field = shape.required().keySet().iterator().next();
        base.put(field, "x".repeat(Math.max(200, bytes))); // an id far past any limit, or text where a number belongs
        return new Malformed("big".getBytes(StandardCharsets.UTF_8), bytes(base), Kind.LONG_STRING, field + " of " + bytes + " chars");
    }

    private Malformed value(Kind kind, ObjectNode base) {
        byte[] json = bytes(base);
        List<String> fields = new ArrayList<>(shape.required().keySet());
        String field = fields.get(random.nextInt(fields.size()));
        return switch (kind) {
            case RANDOM_BYTES -> new Malformed(null, randomBytes(), kind, "random bytes");
            case EMPTY -> new Malformed(null, new byte[0], kind, "no bytes");
            case NULL_VALUE -> new Malformed(null, null, kind, "null value");
            case TRUNCATED -> {
                int cut = random.nextInt(json.length); // a proper prefix of an object is never complete JSON
                yield new Malformed(null, Arrays.copyOf(json, cut), kind, "cut at " + cut + " of " + json.length);
            }
            case GARBLED -> garbled(json);
            case NON_UTF8 -> nonUtf8(json);
            case WRONG_SHAPE -> wrongShape(base);
            case WRONG_TYPE -> {
                List<JsonType> wrong = new ArrayList<>(List.of(JsonType.values()));
                wrong.removeAll(shape.required().get(field));
                JsonType t = wrong.get(random.nextInt(wrong.size()));
                base.set(field, valueOf(t));
                yield new Malformed(null, bytes(base), kind, field + " as " + t);
            }
            case HUGE_NUMBER -> {
                String f = shape.numeric().get(random.nextInt(shape.numeric().size()));
                String raw = pick("1e400", "-1e400", "1e99999", "-2.5e1000");
                yield new Malformed(null, raw(base, f, raw), kind, f + " = " + raw);
            }
            case NAN_INFINITY -> {
                String f = shape.numeric().get(random.nextInt(shape.numeric().size()));
                String raw = pick("NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "+Inf", "nan");
                yield new Malformed(null, raw(base, f, raw), kind, f + " = " + raw);
            }
            case MISSING_FIELD -> {
                base.remove(field);
                yield new Malformed(null, bytes(base), kind, "no " + field);
            }
            case EXTRA_FIELD -> {
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    base.put("extra" + random.nextInt(1000), random.nextInt());
                }
                JsonNode v = base.remove(field);
                base.set(pick(field + "_", field.toUpperCase() + "X", " " + field, field + "\u00e9"), v);
                yield new Malformed(null, bytes(base), kind, field + " misspelled, extras added");
            }
            case SEMANTIC -> {
                List<BiFunction<ObjectNode, Random, String>> edits = shape.semantic();
                String what = edits.get(random.nextInt(edits.size())).apply(base, random);
                yield new Malformed(null, bytes(base), kind, what);
            }
            case DEEP_NESTING -> {
                int depth = pick(10, 100, 499, 501, 1_000, 5_000);
                boolean arrays = random.nextBoolean();
                String raw = arrays ? "[".repeat(depth) + "1" + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                yield new Malformed(null, raw(base, field, raw), kind, field + " nested " + depth + (arrays ? " arrays" : " objects"));
            }
            case KEY_MISMATCH -> throw new IllegalStateException("a key, not a value");
            case LONG_STRING -> {
                int length = random.nextInt(100) == 0 ? 65_536 + random.nextInt(400_000)
                        : random.nextInt(10) == 0 ? 4_096 + random.nextInt(60_000) : 129 + random.nextInt(4_000);
                base.put(field, randomText(length));
                yield new Malformed(null, bytes(base), kind, field + " of " + length + " chars");
            }
        };
    }

    private Malformed garbled(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        int variant = random.nextInt(9);
        String out = switch (variant) {
            case 0 -> s.replaceFirst(":", "=");
            case 1 -> s.substring(0, s.length() - 1) + "]";
            case 2 -> "{,," + s.substring(1);
            case 3 -> s.replace('"', '\'');
            case 4 -> { // an unescaped control character inside the first key
                int q = s.indexOf('"');
                yield s.substring(0, q + 1) + (char) (1 + random.nextInt(31)) + s.substring(q + 1);
            }
            case 5 -> s + pick(" x", "}", ",", " {\"id\":1}", "]");
            case 6 -> "/* comment */" + s;
            case 7 -> s.replaceFirst("\"([^\"]*)\":", "$1:"); // an unquoted key
            default -> s.substring(0, s.length() - 1) + ",}"; // a trailing comma
        };
        return new Malformed(null, out.getBytes(StandardCharsets.UTF_8), Kind.GARBLED, "garble " + variant);
    }

    private Malformed nonUtf8(byte[] json) {
        byte[][] bad = {{(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC3, 0x28},
                {(byte) 0xE2, 0x28, (byte) 0xA1}, {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC}, {(byte) 0xC0}, {(byte) 0xF8, (byte) 0x88}};
        byte[] b = bad[random.nextInt(bad.length)];
        int q = indexOf(json, (byte) '"'); // inside the first key: every parser must decode it
        byte[] out = new byte[json.length + b.length];
        System.arraycopy(json, 0, out, 0, q + 1);
        System.arraycopy(b, 0, out, q + 1, b.length);
        System.arraycopy(json, q + 1, out, q + 1 + b.length, json.length - q - 1);
        return new Malformed(null, out, Kind.NON_UTF8, "bytes " + Arrays.toString(b));
    }

    private Malformed wrongShape(ObjectNode base) {
        int variant = random.nextInt(8);
        JsonNode node = switch (variant) {
            case 0 -> F.arrayNode().add(base);
            case 1 -> F.stringNode(base.toString());
            case 2 -> F.numberNode(random.nextInt());
            case 3 -> F.booleanNode(random.nextBoolean());
            case 4 -> F.nullNode();
            case 5 -> F.objectNode();
            case 6 -> F.objectNode().set("request", base);
            default -> {
                List<ObjectNode> others = shape.others(random);
                yield others.get(random.nextInt(others.size()));
            }
        };
        return new Malformed(null, Json.MAPPER.writeValueAsBytes(node), Kind.WRONG_SHAPE, "shape " + variant);
    }

    private byte[] key(String id) {
        return switch (random.nextInt(7)) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> id.getBytes(StandardCharsets.UTF_8);
            case 3 -> ("other-" + random.nextInt(1_000)).getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                byte[] b = new byte[1 + random.nextInt(64)];
                random.nextBytes(b);
                yield b;
            }
            case 5 -> new byte[] {(byte) 0xFF, (byte) 0xFE, 'k'};
            default -> "k".repeat(1 + random.nextInt(10_000)).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Random bytes that cannot start a JSON object (nor a byte-order mark or UTF-16/32 text): never one request. */
    private byte[] randomBytes() {
        byte[] b = new byte[1 + random.nextInt(2_048)];
        random.nextBytes(b);
        int first = b[0] & 0xFF;
        if (first == '{' || first == ' ' || first == '\t' || first == '\n' || first == '\r' || first == 0
                || first >= 0xEF) {
            b[0] = '#';
        }
        return b;
    }

    private String randomText(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = random.nextInt(20);
            sb.append(c == 0 ? '\u00e9' : c == 1 ? '\u4e2d' : c == 2 ? '"' : c == 3 ? '\\' : (char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private static byte[] raw(ObjectNode base, String field, String raw) {
        base.put(field, RAW);
        String json = base.toString();
        return json.replace("\"" + RAW + "\"", raw).getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode valueOf(JsonType t) {
        return switch (t) {
            case STRING -> F.stringNode(pick("", "x", "12", "true", "null", "[]"));
            case INTEGER -> F.numberNode(pick(0, 1, -7, 1_000_000));
            case FRACTION -> F.numberNode(pick(0.5, -1.25, 3.14159));
            case BOOLEAN -> F.booleanNode(random.nextBoolean());
            case NULL -> F.nullNode();
            case ARRAY -> F.arrayNode().add(1).add("a");
            case OBJECT -> F.objectNode().put("a", 1);
        };
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    static byte[] bytes(JsonNode node) {
        return Json.MAPPER.writeValueAsBytes(node);
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + (char) c);
    }

    // --- the joiner's input shapes ---

    private static final List<JsonType> ID = List.of(JsonType.INTEGER, JsonType.STRING);
    private static final List<JsonType> NUMBER = List.of(JsonType.INTEGER, JsonType.FRACTION);
    private static final List<JsonType> STRING = List.of(JsonType.STRING);
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01

    /** {@code <task>.feedback}: seed-004 calories, a digit's label, an rps round's move with its context. */
    static final class FeedbackShape implements Shape {
        private final Task task;

        FeedbackShape(Task task) {
            this.task = task;
        }

        @Override
        public ObjectNode valid(Random r, String id) {
            double ts = (T0 + r.nextInt(3_600_000)) / 1000.0;
            return switch (task) {
                case CALORIES -> F.objectNode().put("id", id).put("Calories", Math.round(r.nextDouble() * 3000) / 10.0).put("ts", ts);
                case DIGITS -> F.objectNode().put("id", id).put("label", r.nextInt(10)).put("ts", ts);
                case RPS -> {
                    String game = id.replaceAll("[^A-Za-z0-9._-]", "_");
                    int round = 1 + r.nextInt(30);
                    boolean over = r.nextInt(5) == 0;
                    ObjectNode n = F.objectNode().put("id", game + ":" + round).put("move", pick(r, "rock", "paper", "scissors"))
                            .put("gameId", game).put("round", round).put("value", 1.0 + r.nextInt(11) / 10.0)
                            .put("bot", pick(r, "rock", "paper", "scissors")).put("gameOver", over);
                    if (over) {
                        n.put("winner", pick(r, "player", "bot", "draw"));
                    } else {
                        n.putNull("winner");
                    }
                    yield n.put("ts", ts);
                }
            };
        }

        @Override
        public Map<String, List<JsonType>> required() {
            Map<String, List<JsonType>> m = new LinkedHashMap<>();
            switch (task) {
                case CALORIES -> {
                    m.put("id", ID);
                    m.put("Calories", NUMBER);
                }
                case DIGITS -> {
                    m.put("id", ID);
                    m.put("label", List.of(JsonType.INTEGER));
                }
                case RPS -> {
                    m.put("id", STRING);
                    m.put("move", STRING);
                }
            }
            return m;
        }

        @Override
        public List<String> numeric() {
            return switch (task) {
                case CALORIES -> List.of("Calories");
                case DIGITS -> List.of("label");
                case RPS -> List.of("value", "round", "move");
            };
        }

        @Override
        public List<BiFunction<ObjectNode, Random, String>> semantic() {
            List<BiFunction<ObjectNode, Random, String>> edits = new ArrayList<>(List.of(
                    (n, r) -> { // epoch milliseconds sent as seconds, the far future, before 1970
                        double ts = pick(r, 1.767e12, 1e300, 9.9e15, -1.0, -0.001);
                        n.put("ts", ts);
                        return "ts " + ts;
                    },
                    (n, r) -> {
                        n.put("ts", pick(r, "yesterday", "1767225600"));
                        return "ts as text";
                    },
                    (n, r) -> {
                        n.put("id", pick(r, "", "i".repeat(129)));
                        return "id length";
                    }));
            switch (task) {
                case CALORIES -> edits.addAll(List.of(
                        (n, r) -> {
                            double c = pick(r, -1.0, -0.001, 100_000.5, 1e9);
                            n.put("Calories", c);
                            return "Calories " + c;
                        },
                        (n, r) -> {
                            n.put("id", 1.5);
                            return "fractional id";
                        }));
                case DIGITS -> edits.addAll(List.of(
                        (n, r) -> { // out-of-range labels
                            int label = pick(r, 10, -1, 11, 100, Integer.MIN_VALUE);
                            n.put("label", label);
                            return "label " + label;
                        },
                        (n, r) -> {
                            n.put("label", pick(r, 2.5, 9.01, -0.5));
                            return "fractional label";
                        }));
                case RPS -> edits.addAll(List.of(
                        (n, r) -> {
                            String move = pick(r, "Rock", "lizard", "spock", "", "ROCK");
                            n.put("move", move);
                            return "move " + move;
                        },
                        (n, r) -> {
                            n.put("id", "ab");
                            return "id too short";
                        },
                        (n, r) -> {
                            int round = pick(r, 0, -1);
                            n.put("round", round);
                            return "round " + round;
                        },
                        (n, r) -> {
                            double v = pick(r, 0.5, 2.5, -1.0, 0.0);
                            n.put("value", v);
                            return "value " + v;
                        },
                        (n, r) -> {
                            n.put("bot", pick(r, "spock", "Rock"));
                            return "bot move";
                        },
                        (n, r) -> {
                            n.put("winner", pick(r, "nobody", "Player"));
                            return "winner";
                        },
                        (n, r) -> {
                            n.put("gameOver", pick(r, "yes", "true"));
                            return "gameOver as text";
                        }));
            }
            return edits;
        }

        @Override
        public List<ObjectNode> others(Random r) {
            ObjectNode prediction = new PredictionShape(task).valid(r, "p1");
            ObjectNode request = F.objectNode().put("idx", "c1").put("Sex", "male").put("Age", 30);
            ObjectNode other = new FeedbackShape(task == Task.CALORIES ? Task.RPS : Task.CALORIES).valid(r, "o1");
            return task == Task.DIGITS
                    ? List.of(prediction, request, (ObjectNode) F.objectNode().put("id", "d1").put("Calories", 12.5))
                    : List.of(prediction, request, task == Task.RPS ? other.without("move") : other.without("Calories"));
        }
    }

    /** {@code <task>.predictions}: what the predictor writes, keyed by request id. */
    static final class PredictionShape implements Shape {
        private final Task task;

        PredictionShape(Task task) {
            this.task = task;
        }

        @Override
        public String keyField() {
            return "requestId";
        }

        @Override
        public ObjectNode valid(Random r, String id) {
            int classes = task == Task.CALORIES ? 0 : task == Task.DIGITS ? 10 : 3;
            long predicted = T0 + r.nextInt(3_600_000);
            ObjectNode n = F.objectNode().put("requestId", id).put("task", task.id());
            n.set("served", output(r, classes, "Production", "v1"));
            n.putArray("shadows").add(output(r, classes, "shadow1", "v2"));
            return n.put("requestTs", predicted - 3).put("predictedTs", predicted).put("replay", false).put("draft", false);
        }

        private static ObjectNode output(Random r, int classes, String alias, String version) {
            ObjectNode o = F.objectNode().put("family", "fam").put("version", version).put("alias", alias);
            ArrayNode scores = o.putArray("scores");
            if (classes == 0) {
                o.put("value", Math.round(r.nextDouble() * 3000) / 10.0);
            } else {
                int best = r.nextInt(classes);
                o.put("value", best);
                for (int c = 0; c < classes; c++) {
                    scores.add(c == best ? 0.5 : 0.5 / (classes - 1));
                }
            }
            return o;
        }

        @Override
        public Map<String, List<JsonType>> required() {
            Map<String, List<JsonType>> m = new LinkedHashMap<>();
            m.put("requestId", STRING);
            m.put("task", STRING);
            m.put("served", List.of(JsonType.OBJECT));
            m.put("shadows", List.of(JsonType.ARRAY));
            m.put("requestTs", List.of(JsonType.INTEGER));
            m.put("predictedTs", List.of(JsonType.INTEGER));
            m.put("replay", List.of(JsonType.BOOLEAN));
            return m;
        }

        @Override
        public List<String> numeric() {
            return List.of("requestTs", "predictedTs");
        }

        @Override
        public List<BiFunction<ObjectNode, Random, String>> semantic() {
            return List.of(
                    (n, r) -> {
                        String t = pick(r, Task.values()).id();
                        String other = t.equals(task.id()) ? "weather" : t;
                        n.put("task", other);
                        return "task " + other;
                    },
                    (n, r) -> { // negative durations: times before 1970
                        n.put(pick(r, "predictedTs", "requestTs"), -1 - r.nextInt(1_000_000));
                        return "negative time";
                    },
                    (n, r) -> {
                        ((ObjectNode) n.get("served")).remove(pick(r, "family", "version", "alias", "value"));
                        return "served without a field";
                    },
                    (n, r) -> {
                        ((ObjectNode) n.get("served")).put("value", pick(r, "NaN", "12", "Infinity"));
                        return "served value as text";
                    },
                    (n, r) -> {
                        ((ObjectNode) n.get("served")).putArray("scores").add(0.5).addNull();
                        return "a null score";
                    },
                    (n, r) -> {
                        ((ArrayNode) n.get("shadows")).addNull();
                        return "a null shadow";
                    },
                    (n, r) -> {
                        ((ArrayNode) n.get("shadows")).addObject().put("family", "f").put("alias", "B").put("value", 1);
                        return "a shadow without a version";
                    },
                    (n, r) -> {
                        n.put("replay", pick(r, "false", "no"));
                        return "replay as text";
                    },
                    (n, r) -> {
                        n.put("draft", pick(r, "true", "1"));
                        return "draft as text";
                    },
                    (n, r) -> {
                        n.put("predictedTs", 1.5e12 + 0.5);
                        return "fractional time";
                    });
        }

        @Override
        public List<ObjectNode> others(Random r) {
            return List.of(new FeedbackShape(task).valid(r, "f1"),
                    (ObjectNode) F.objectNode().put("id", "x").put("Sex", "male"),
                    (ObjectNode) F.objectNode().put("requestId", "r").put("served", "v1"));
        }
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }
}
