package io.hindsight.predictor;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.RpsRequest;
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
 * A seeded generator of malformed raw records for the {@code <task>.requests} topics: every record it
 * emits is invalid by construction (the {@link Kind} says how), so each must be dead-lettered with a
 * reason and counted, never predicted. Same seed, same records.
 *
 * <p>Keys vary freely (null, empty, random or non-UTF-8 bytes, another id, very long): the predictor reads
 * the id from the value and a request's key never makes it valid or invalid (rps requests are keyed by
 * game id), so a key variant alone is no malformation here and always rides on a malformed value. The one
 * key/body mismatch that is malformed for requests is inside the value: an rps id that is not
 * "gameId:round" ({@link Kind#SEMANTIC}).
 *
 * <p>"Extra fields" are accepted by the request schemas (clients may send more than is read), so
 * {@link Kind#EXTRA_FIELD} adds extras and misspells a required field (or, for digits, adds a second
 * input or a property a canvas object forbids), which is what makes it invalid.
 */
public final class MalformedRecords {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String RAW = "@@raw@@";

    /** How a record is malformed. */
    public enum Kind {
        RANDOM_BYTES, EMPTY, NULL_VALUE, TRUNCATED, GARBLED, NON_UTF8, WRONG_SHAPE, WRONG_TYPE, HUGE_NUMBER,
        NAN_INFINITY, MISSING_FIELD, EXTRA_FIELD, SEMANTIC, DEEP_NESTING, LONG_STRING
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

        /** Other shapes (other tasks' records) that are not this one. */
        List<ObjectNode> others(Random r);
    }

    private final Shape shape;
    private final Random random;
    private long count;

    public MalformedRecords(Shape shape, long seed) {
        this.shape = shape;
        this.random = new Random(seed);
    }

    /** Malformed {@code <task>.requests} values. */
    public static MalformedRecords requests(Task task, long seed) {
        return new MalformedRecords(requestShape(task), seed);
    }

    public static Shape requestShape(Task task) {
        return switch (task) {
            case CALORIES -> new CaloriesShape();
            case DIGITS -> new DigitsShape();
            case RPS -> new RpsShape();
        };
    }

    /** A valid record and the request id it carries (rps: "gameId:round", whatever {@code seedId} says). */
    public record Valid(String id, byte[] value) {
    }

    /** A valid request, for checking the generator's templates and that valid records are served after the junk. */
    public Valid valid(String seedId) {
        ObjectNode node = shape.valid(new Random(seedId.hashCode()), seedId);
        return new Valid(node.get("id").asString(), bytes(node));
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
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        String id = "fuzz-" + count;
        ObjectNode base = shape.valid(random, id);
        Malformed m = value(kind, base);
        return new Malformed(key(id), m.value(), kind, m.detail());
    }

    /** A malformed record of about {@code bytes} bytes: a valid record whose id is far past its 128-character limit. */
    public Malformed oversized(int bytes) {
        ObjectNode base = shape.valid(random, "big");
        base.put("id", "x".repeat(Math.max(200, bytes)));
        return new Malformed("big".getBytes(StandardCharsets.UTF_8), bytes(base), Kind.LONG_STRING, "id of " + bytes + " chars");
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

    // --- the request shapes ---

    private static final List<JsonType> ID = List.of(JsonType.INTEGER, JsonType.STRING);
    private static final List<JsonType> NUMBER = List.of(JsonType.INTEGER, JsonType.FRACTION);
    private static final List<JsonType> STRING = List.of(JsonType.STRING);

    static final class CaloriesShape implements Shape {
        private static final List<String> NUMBERS = List.of("Age", "Height", "Weight", "Duration", "Heart_Rate", "Body_Temp");
        /** Just outside each bound of the schema (1..120 years, 50..260 cm, 10..400 kg, 0..600 min, 30..250 bpm, 30..45 C). */
        private static final Map<String, double[]> OUTSIDE = Map.of(
                "Age", new double[] {0, -5, 120.5, 1e9},
                "Height", new double[] {49.9, -170, 260.1},
                "Weight", new double[] {9.99, 0, 400.5, -70},
                "Duration", new double[] {-1, -0.001, 600.01, 1e12},
                "Heart_Rate", new double[] {29, 0, 251, -90},
                "Body_Temp", new double[] {29.9, 45.1, -273.15, 100});

        @Override
        public ObjectNode valid(Random r, String id) {
            ObjectNode n = Json.MAPPER.valueToTree(new CaloriesGenerator(r.nextLong()).next().record().withId(id));
            return n;
        }

        @Override
        public Map<String, List<JsonType>> required() {
            Map<String, List<JsonType>> m = new LinkedHashMap<>();
            m.put("id", ID);
            m.put("Sex", STRING);
            NUMBERS.forEach(f -> m.put(f, NUMBER));
            return m;
        }

        @Override
        public List<String> numeric() {
            return NUMBERS;
        }

        @Override
        public List<BiFunction<ObjectNode, Random, String>> semantic() {
            return List.of(
                    (n, r) -> {
                        String f = NUMBERS.get(r.nextInt(NUMBERS.size()));
                        double[] v = OUTSIDE.get(f);
                        double x = v[r.nextInt(v.length)];
                        n.put(f, x);
                        return f + " = " + x;
                    },
                    (n, r) -> {
                        String sex = List.of("Male", "FEMALE", "x", "", "m", "other").get(r.nextInt(6));
                        n.put("Sex", sex);
                        return "Sex = " + sex;
                    },
                    (n, r) -> {
                        n.put("id", "");
                        return "empty id";
                    },
                    (n, r) -> {
                        n.put("id", 1.5);
                        return "fractional id";
                    });
        }

        @Override
        public List<ObjectNode> others(Random r) {
            return List.of(new DigitsShape().valid(r, "d1"), new RpsShape().valid(r, "r1"),
                    (ObjectNode) F.objectNode().put("id", "fb").put("Calories", 120.5)); // feedback on the requests topic
        }
    }

    static final class DigitsShape implements Shape {
        @Override
        public ObjectNode valid(Random r, String id) {
            ObjectNode n = F.objectNode().put("id", id);
            switch (r.nextInt(3)) {
                case 0 -> {
                    ArrayNode px = n.putArray("pixels");
                    for (int i = 0; i < 784; i++) {
                        px.add(r.nextInt(4) == 0 ? Math.round(r.nextDouble() * 1000) / 1000.0 : 0.0);
                    }
                }
                case 1 -> {
                    int w = 8 + r.nextInt(40);
                    int h = 8 + r.nextInt(40);
                    ObjectNode b = n.putObject("bitmap").put("width", w).put("height", h);
                    ArrayNode data = b.putArray("data");
                    for (int i = 0; i < w * h; i++) {
                        data.add(r.nextInt(3) == 0 ? 1.0 : 0.0);
                    }
                }
                default -> {
                    int w = 28 + r.nextInt(300);
                    int h = 28 + r.nextInt(300);
                    ObjectNode s = n.putObject("strokes").put("width", w).put("height", h);
                    ArrayNode lines = s.putArray("lines");
                    for (int l = 0, nl = 1 + r.nextInt(3); l < nl; l++) {
                        ArrayNode line = lines.addArray();
                        for (int p = 0, np = 1 + r.nextInt(8); p < np; p++) {
                            line.addArray().add(r.nextInt(w)).add(r.nextInt(h));
                        }
                    }
                }
            }
            if (r.nextBoolean()) {
                n.put("draft", r.nextBoolean());
            }
            return n;
        }

        @Override
        public Map<String, List<JsonType>> required() {
            return Map.of("id", ID); // the input is one of three fields: see semantic() and EXTRA_FIELD
        }

        @Override
        public List<String> numeric() {
            return List.of("pixels"); // the input replaced by a number; single pixel values are broken in semantic()
        }

        @Override
        public List<BiFunction<ObjectNode, Random, String>> semantic() {
            return List.of(
                    (n, r) -> {
                        int count = List.of(0, 1, 783, 785, 1_568).get(r.nextInt(5));
                        ArrayNode px = F.arrayNode();
                        for (int i = 0; i < count; i++) {
                            px.add(0.5);
                        }
                        clearInput(n).set("pixels", px);
                        return count + " pixels";
                    },
                    (n, r) -> {
                        ArrayNode px = F.arrayNode();
                        for (int i = 0; i < 784; i++) {
                            px.add(i == 400 ? List.of(-0.01, 1.01, 255.0, -1.0).get(r.nextInt(4)) : 0.0);
                        }
                        clearInput(n).set("pixels", px);
                        return "a pixel outside 0..1";
                    },
                    (n, r) -> {
                        int w = 9 + r.nextInt(30); // 9x9 at least: one value short is still the schema's 64
                        int h = 9 + r.nextInt(30);
                        int extra = r.nextBoolean() ? 1 : -1;
                        ArrayNode data = F.arrayNode();
                        for (int i = 0; i < w * h + extra; i++) {
                            data.add(0.0);
                        }
                        ObjectNode b = F.objectNode().put("width", w).put("height", h);
                        b.set("data", data);
                        clearInput(n).set("bitmap", b);
                        return "bitmap data of " + data.size() + " values for " + w + "x" + h;
                    },
                    (n, r) -> {
                        int w = List.of(7, 0, -8, 513).get(r.nextInt(4));
                        ArrayNode data = F.arrayNode();
                        for (int i = 0; i < 64; i++) {
                            data.add(0.0);
                        }
                        ObjectNode b = F.objectNode().put("width", w).put("height", 8);
                        b.set("data", data);
                        clearInput(n).set("bitmap", b);
                        return "bitmap width " + w;
                    },
                    (n, r) -> {
                        ObjectNode s = F.objectNode().put("width", 100).put("height", 100);
                        ArrayNode lines = s.putArray("lines");
                        switch (r.nextInt(5)) {
                            case 0 -> { } // no line at all
                            case 1 -> lines.addArray().addArray().add(1).add(2).add(3);
                            case 2 -> lines.addArray().addArray().add(1);
                            case 3 -> lines.addArray().addArray().add(-5_000).add(10);
                            default -> lines.addArray();
                        }
                        clearInput(n).set("strokes", s);
                        return "strokes " + s;
                    },
                    (n, r) -> {
                        ObjectNode s = F.objectNode().put("width", 100).put("height", 100)
                                .put("pen", List.of(0.0, -1.0, 513.0).get(r.nextInt(3)));
                        s.putArray("lines").addArray().addArray().add(10).add(10);
                        clearInput(n).set("strokes", s);
                        return "pen " + s.get("pen");
                    },
                    (n, r) -> {
                        n.put("draft", List.of("yes", "true", "1").get(r.nextInt(3)));
                        return "draft as text";
                    },
                    (n, r) -> {
                        clearInput(n);
                        return "no input";
                    },
                    (n, r) -> { // two inputs: the schema wants exactly one
                        ArrayNode px = F.arrayNode();
                        for (int i = 0; i < 784; i++) {
                            px.add(0.0);
                        }
                        if (n.has("pixels")) {
                            n.set("bitmap", F.objectNode().put("width", 8).put("height", 8).set("data", zeros(64)));
                        } else {
                            n.set("pixels", px);
                        }
                        return "two inputs";
                    },
                    (n, r) -> { // a property a canvas object forbids
                        ObjectNode b = F.objectNode().put("width", 8).put("height", 8).put("colour", "red");
                        b.set("data", zeros(64));
                        clearInput(n).set("bitmap", b);
                        return "extra bitmap property";
                    },
                    (n, r) -> {
                        n.put("id", r.nextBoolean() ? "" : "i".repeat(129));
                        return "id length";
                    });
        }

        private static ArrayNode zeros(int n) {
            ArrayNode a = F.arrayNode();
            for (int i = 0; i < n; i++) {
                a.add(0.0);
            }
            return a;
        }

        private static ObjectNode clearInput(ObjectNode n) {
            n.remove("pixels");
            n.remove("bitmap");
            n.remove("strokes");
            return n;
        }

        @Override
        public List<ObjectNode> others(Random r) {
            return List.of(new CaloriesShape().valid(r, "c1"), new RpsShape().valid(r, "r1"),
                    (ObjectNode) F.objectNode().put("id", "fb").put("label", 3)); // feedback on the requests topic
        }
    }

    static final class RpsShape implements Shape {
        private static final List<String> FAMILIES = List.of("forrest", "logan", "brian");
        private static final List<String> ALIASES = List.of("Production", "B", "shadow1", "shadow2");

        @Override
        public ObjectNode valid(Random r, String id) {
            String game = id.replaceAll("[^A-Za-z0-9._-]", "_");
            int round = 1 + r.nextInt(40);
            RpsRequest req = RpsRequests.request(game, round, FAMILIES.get(r.nextInt(3)), ALIASES.get(r.nextInt(4)));
            return Json.MAPPER.valueToTree(req);
        }

        @Override
        public Map<String, List<JsonType>> required() {
            Map<String, List<JsonType>> m = new LinkedHashMap<>();
            m.put("id", STRING);
            m.put("gameId", STRING);
            m.put("round", List.of(JsonType.INTEGER));
            m.put("family", STRING);
            m.put("alias", STRING);
            m.put("features", List.of(JsonType.ARRAY));
            return m;
        }

        @Override
        public List<String> numeric() {
            return List.of("round");
        }

        @Override
        public List<BiFunction<ObjectNode, Random, String>> semantic() {
            return List.of(
                    (n, r) -> {
                        int round = List.of(0, -1, -100).get(r.nextInt(3));
                        n.put("round", round);
                        n.put("id", n.get("gameId").asString() + ":" + round);
                        return "round " + round;
                    },
                    (n, r) -> {
                        n.put("round", n.get("round").asInt() + 1); // the id still names the old round
                        return "id is not gameId:round";
                    },
                    (n, r) -> {
                        n.put("id", "other:" + n.get("round").asInt());
                        return "id names another game";
                    },
                    (n, r) -> {
                        String f = List.of("unknown", "Forrest", "", "xgboost").get(r.nextInt(4));
                        n.put("family", f);
                        return "family " + f;
                    },
                    (n, r) -> {
                        String a = List.of("production", "A", "", "shadow3").get(r.nextInt(4));
                        n.put("alias", a);
                        return "alias " + a;
                    },
                    (n, r) -> {
                        int count = List.of(0, 49, 51, 100).get(r.nextInt(4));
                        ArrayNode f = F.arrayNode();
                        for (int i = 0; i < count; i++) {
                            f.add(0.5);
                        }
                        n.set("features", f);
                        return count + " features";
                    },
                    (n, r) -> {
                        ArrayNode f = (ArrayNode) n.get("features");
                        int i = r.nextInt(50);
                        f.set(i, r.nextBoolean() ? F.nullNode() : F.stringNode("0.5"));
                        return "feature " + i + " not a number";
                    },
                    (n, r) -> {
                        String g = List.of("bad id!", "", "g".repeat(65), "a/b").get(r.nextInt(4));
                        n.put("gameId", g);
                        n.put("id", g + ":" + n.get("round").asInt());
                        return "gameId '" + g + "'";
                    },
                    (n, r) -> {
                        n.put("id", "ab");
                        return "id too short";
                    });
        }

        @Override
        public List<ObjectNode> others(Random r) {
            return List.of(new CaloriesShape().valid(r, "c1"), new DigitsShape().valid(r, "d1"),
                    (ObjectNode) F.objectNode().put("id", "g1:1").put("move", "rock")); // feedback on the requests topic
        }
    }
}
