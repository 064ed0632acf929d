package io.hindsight.gateway.fuzz;

import io.hindsight.contracts.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A seeded generator of request bodies (or WebSocket frames) that a route must refuse: every one breaks the JSON
 * syntax, the declared content type, the document's shape, or at least one field of the route's {@link Shape}.
 * The same seed gives the same cases in the same order. Kinds, in turn or at random:
 * <ul>
 *   <li>{@link Kind#RANDOM_BYTES}: bytes that cannot start a JSON document</li>
 *   <li>{@link Kind#TRUNCATED}: a valid body cut short</li>
 *   <li>{@link Kind#GARBLED}: a valid body with a junk token or byte put in (checked to no longer parse)</li>
 *   <li>{@link Kind#WRONG_SHAPE}: not an object (array, string, number, boolean, null, empty, blanks)</li>
 *   <li>{@link Kind#WRONG_TYPE}: one field of the wrong type or out of its range</li>
 *   <li>{@link Kind#HUGE_NUMBER}: a number field of 1e400, a 30-digit integer, or 1,500 digits</li>
 *   <li>{@link Kind#NON_FINITE}: NaN, Infinity or -Infinity as a value</li>
 *   <li>{@link Kind#MISSING_FIELD}: required fields left out</li>
 *   <li>{@link Kind#EXTRA_FIELD}: up to 20 unknown fields, plus one broken field</li>
 *   <li>{@link Kind#DEEP_NESTING}: a field (or the document) nested 2 to 3,000 arrays or objects deep</li>
 *   <li>{@link Kind#LONG_STRING}: a string field, or a key, of 1k to 200k characters</li>
 *   <li>{@link Kind#NON_UTF8}: bytes that are not UTF-8 in an enum value or a key</li>
 *   <li>{@link Kind#WRONG_CONTENT_TYPE}: a valid body declared as something other than JSON, or unparseable</li>
 * </ul>
 * Not thread-safe: one generator per sender.
 */
public final class MalformedJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    public static final String JSON = "application/json";

    /** What was broken. */
    public enum Kind {
        RANDOM_BYTES, TRUNCATED, GARBLED, WRONG_SHAPE, WRONG_TYPE, HUGE_NUMBER, NON_FINITE, MISSING_FIELD, EXTRA_FIELD,
        DEEP_NESTING, LONG_STRING, NON_UTF8, WRONG_CONTENT_TYPE
    }

    /** One generated case: the bytes to send and the Content-Type to declare (null: none). */
    public record Case(Kind kind, byte[] body, String contentType) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String t = text();
            return kind + " " + contentType + " " + (t.length() > 200 ? t.substring(0, 200) + "...(" + body.length + " bytes)" : t);
        }
    }

    /** The JSON type of a field, which decides what breaks it. */
    public enum Type { ID, INT, NUMBER, ENUM, STRING, BOOL, OBJECT }

    /**
     * One field of a route's body.
     *
     * @param nullable     null is accepted (as if absent)
     * @param emptyAllowed "" is accepted (an optional string taken as absent)
     * @param blankAllowed a string of blanks is accepted
     * @param values       the values of an ENUM; the pattern-breaking examples of a STRING
     * @param broken       more values that break an OBJECT field
     */
    public record Field(String name, Type type, boolean required, JsonNode valid, boolean nullable, double min,
                        double max, int maxLength, boolean emptyAllowed, boolean blankAllowed, List<String> values,
                        List<JsonNode> broken) {

        public static Field id(String name, boolean required) {
            return new Field(name, Type.ID, required, NODES.stringNode("fuzz-1"), false, 0, 0, 128, false, true, List.of(),
                    List.of());
        }

        public static Field integer(String name, boolean required, long min, long max) {
            return new Field(name, Type.INT, required, NODES.numberNode(min), false, min, max, 0, false, false, List.of(),
                    List.of());
        }

        public static Field number(String name, boolean required, double min, double max, double valid) {
            return new Field(name, Type.NUMBER, required, NODES.numberNode(valid), false, min, max, 0, false, false,
                    List.of(), List.of());
        }

        public static Field oneOf(String name, boolean required, String... values) {
            return new Field(name, Type.ENUM, required, NODES.stringNode(values[0]), false, 0, 0, 0, false, false,
                    List.of(values), List.of());
        }

        /** A string of 1..maxLength characters; {@code badExamples} break its pattern. */
        public static Field text(String name, boolean required, String valid, int maxLength, String... badExamples) {
            return new Field(name, Type.STRING, required, NODES.stringNode(valid), false, 0, 0, maxLength, false, false,
                    List.of(badExamples), List.of());
        }

        public static Field bool(String name, boolean required) {
            return new Field(name, Type.BOOL, required, NODES.booleanNode(false), false, 0, 0, 0, false, false, List.of(),
                    List.of());
        }

        public static Field object(String name, boolean required, JsonNode valid, JsonNode... broken) {
            return new Field(name, Type.OBJECT, required, valid, false, 0, 0, 0, false, false, List.of(),
                    List.of(broken));
        }

        public Field orNull() {
            return new Field(name, type, required, valid, true, min, max, maxLength, emptyAllowed, blankAllowed, values,
                    broken);
        }

        /** "" is taken as absent (and so are blanks). */
        public Field orEmpty() {
            return new Field(name, type, required, valid, nullable, min, max, maxLength, true, true, values, broken);
        }

        /** Blanks are taken as absent, "" too. */
        public Field orBlank() {
            return new Field(name, type, required, valid, nullable, min, max, maxLength, true, true, values, broken);
        }
    }

    /**
     * A route's body: its fields with a valid value each, and how strict the route is about the document.
     *
     * @param fixed          fields sent as they are and never broken (a frame's "type", say); may be empty
     * @param emptyIsValid   an empty body, blanks or null stand for {} (rps start)
     * @param strictFields   unknown fields are refused; otherwise they are ignored and an extra field must come
     *                       with a broken one
     */
    public record Shape(String name, ObjectNode fixed, List<Field> fields, boolean emptyIsValid, boolean strictFields) {

        public static Shape of(String name, Field... fields) {
            return new Shape(name, NODES.objectNode(), List.of(fields), false, false);
        }

        public Shape withFixed(String field, String value) {
            ObjectNode f = fixed.deepCopy();
            f.put(field, value);
            return new Shape(name, f, fields, emptyIsValid, strictFields);
        }

        public Shape acceptingEmpty() {
            return new Shape(name, fixed, fields, true, strictFields);
        }

        public Shape refusingUnknownFields() {
            return new Shape(name, fixed, fields, emptyIsValid, true);
        }

        /** Every field with its valid value: the body the route accepts. */
        public ObjectNode valid() {
            ObjectNode o = fixed.deepCopy();
            for (Field f : fields) {
                o.set(f.name(), f.valid().deepCopy());
            }
            return o;
        }

        List<Field> required() {
            return fields.stream().filter(Field::required).toList();
        }
    }

    private final Shape shape;
    private final Random random;
    private final Kind[] kinds;
    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    private final int maxBodyBytes;

    /**
     * @param maxBodyBytes the route's limit: long strings go up to about twice it, so both sides of it are tried
     */
    public MalformedJson(Shape shape, long seed, int maxBodyBytes) {
        this(shape, seed, maxBodyBytes, Kind.values());
    }

    public MalformedJson(Shape shape, long seed, int maxBodyBytes, Kind... kinds) {
        this.shape = shape;
        this.random = new Random(seed);
        this.kinds = kinds.clone();
        this.maxBodyBytes = maxBodyBytes;
    }

    /** How many cases of each kind were generated so far. */
    public Map<Kind, Integer> counts() {
        return Map.copyOf(counts);
    }

    public List<Case> next(int n) {
        List<Case> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    public Case next() {
        Kind kind = kinds[random.nextInt(kinds.length)];
        Case c = generate(kind);
        counts.merge(c.kind(), 1, Integer::sum);
        return c;
    }

    private Case generate(Kind kind) {
        return switch (kind) {
            case RANDOM_BYTES -> json(kind, randomBytes());
            case TRUNCATED -> json(kind, truncated());
            case GARBLED -> json(kind, garbled());
            case WRONG_SHAPE -> json(kind, wrongShape());
            case WRONG_TYPE -> json(kind, Json.write(withBrokenField(shape.valid())));
            case HUGE_NUMBER -> hugeNumber();
            case NON_FINITE -> json(kind, nonFinite());
            case MISSING_FIELD -> missingField();
            case EXTRA_FIELD -> json(kind, Json.write(extraFields()));
            case DEEP_NESTING -> json(kind, deepNesting());
            case LONG_STRING -> json(kind, longString());
            case NON_UTF8 -> json(kind, nonUtf8());
            case WRONG_CONTENT_TYPE -> new Case(kind, Json.write(shape.valid()), pick(WRONG_TYPES));
        };
    }

    private Case json(Kind kind, byte[] body) {
        // mostly declared JSON; sometimes with a charset or no Content-Type at all (taken as JSON)
        int r = random.nextInt(10);
        String type = r == 0 ? null : r == 1 ? "application/json; charset=utf-8" : JSON;
        return new Case(kind, body, type);
    }

    // ---- kinds ---------------------------------------------------------------------------------------------

    /** First bytes that no JSON document starts with (and that are not a byte-order mark or a NUL). */
    private static final byte[] BAD_STARTS = "@#%<()';=?\\^`|~*&!$".getBytes(StandardCharsets.US_ASCII);

    private byte[] randomBytes() {
        byte[] b = new byte[1 + random.nextInt(random.nextInt(8) == 0 ? 8192 : 256)];
        random.nextBytes(b);
        b[0] = BAD_STARTS[random.nextInt(BAD_STARTS.length)];
        return b;
    }

    private byte[] truncated() {
        byte[] whole = Json.write(random.nextBoolean() ? shape.valid() : withBrokenField(shape.valid()));
        // a strict, non-empty prefix of an object never parses; at least 1 byte so the body is not empty
        return Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
    }

    private static final String[] JUNK = {",,", "}", "]", ":", "{", "[", "'x'", "undefined", "tru", "nul", "01", "+1",
        ".5", "1.", "0x1F", "//c\n", "/*c*/", "\\", "\"", "\"a\"\"b\"", ",}", "=", ";", "\u0001", "\t\"\n"};

    private byte[] garbled() {
        byte[] valid = Json.write(shape.valid());
        for (int attempt = 0; attempt < 20; attempt++) {
            byte[] candidate;
            if (random.nextBoolean()) {
                int at = 1 + random.nextInt(valid.length - 1);
                byte[] junk = pick(JUNK).getBytes(StandardCharsets.UTF_8);
                candidate = concat(Arrays.copyOf(valid, at), junk, Arrays.copyOfRange(valid, at, valid.length));
            } else {
                candidate = valid.clone();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    candidate[random.nextInt(candidate.length)] = (byte) "{}[]:,\"\\x\u0000".charAt(random.nextInt(10));
                }
            }
            if (!parses(candidate)) {
                return candidate;
            }
        }
        return concat(valid, ",".getBytes(StandardCharsets.US_ASCII)); // trailing junk never parses
    }

    private byte[] wrongShape() {
        List<String> shapes = new ArrayList<>(List.of("[]", "[" + Json.writeString(shape.valid()) + "]", "\"text\"", "42",
                "-1.5", "true", "false", "[1,2,3]", "\"" + Json.writeString(shape.valid()).replace("\"", "\\\"") + "\""));
        if (!shape.emptyIsValid()) {
            shapes.addAll(List.of("null", "", "   ", "\n\t", "{}"));
        }
        return pick(shapes.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
    }

    private Case hugeNumber() {
        List<Field> numeric = shape.fields().stream()
                .filter(f -> f.type() == Type.INT || f.type() == Type.NUMBER).toList();
        String field;
        String huge;
        if (numeric.isEmpty() || random.nextInt(4) == 0) {
            // past the parser's 1,000-digit limit: refused whatever the field
            field = pickField().name();
            huge = random.nextBoolean() ? "1" + "0".repeat(1500) : "-" + "9".repeat(1200) + ".5";
        } else {
            Field f = numeric.get(random.nextInt(numeric.size()));
            field = f.name();
            huge = pick(new String[] {"1e400", "-1e400", "1e309", "-1e309", "123456789012345678901234567890",
                "-99999999999999999999", "1E+99999"});
            if (f.max() == Double.POSITIVE_INFINITY && !huge.startsWith("-")) {
                huge = "-" + huge; // no upper bound: a huge negative breaks its minimum
            }
        }
        return new Case(Kind.HUGE_NUMBER, withRawValue(shape.valid(), field, huge), JSON);
    }

    /** The object's JSON with {@code field} set to {@code raw}, written as is (a token Jackson would not write). */
    private static byte[] withRawValue(ObjectNode o, String field, String raw) {
        o.put(field, 0);
        String text = Json.writeString(o);
        String key = Json.writeString(field) + ":0";
        int at = text.indexOf(key);
        return (text.substring(0, at) + Json.writeString(field) + ":" + raw + text.substring(at + key.length()))
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] nonFinite() {
        String field = random.nextInt(4) == 0 ? "x" + random.nextInt(100) : pickField().name();
        String token = pick(new String[] {"NaN", "Infinity", "-Infinity", "+Infinity", "-NaN", "nan", "inf"});
        return withRawValue(shape.valid(), field, token);
    }

    private Case missingField() {
        List<Field> required = shape.required();
        if (required.isEmpty()) {
            return json(Kind.WRONG_TYPE, Json.write(withBrokenField(shape.valid())));
        }
        ObjectNode o = shape.valid();
        int n = 1 + random.nextInt(required.size());
        List<Field> gone = new ArrayList<>(required);
        java.util.Collections.shuffle(gone, random);
        for (Field f : gone.subList(0, n)) {
            o.remove(f.name());
        }
        return json(Kind.MISSING_FIELD, Json.write(o));
    }

    private ObjectNode extraFields() {
        ObjectNode o = shape.strictFields() && random.nextBoolean() ? shape.valid() : withBrokenField(shape.valid());
        int n = 1 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
            o.set("extra_" + random.nextInt(1_000_000), randomValue(2));
        }
        return o;
    }

    private byte[] deepNesting() {
        int depth = 2 + random.nextInt(random.nextBoolean() ? 200 : 3000);
        boolean arrays = random.nextBoolean();
        String nested = arrays ? "[".repeat(depth) + "1" + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        if (random.nextInt(4) == 0) {
            // the document itself: arrays are not an object; objects only past the parser's depth limit (500),
            // since {"a":{...}} is an object a route with no required field takes
            return (arrays || depth <= 500 ? "[".repeat(depth) + "1" + "]".repeat(depth) : nested)
                    .getBytes(StandardCharsets.UTF_8);
        }
        // a field of any type refuses nested arrays, and objects of a key it does not know
        return withRawValue(shape.valid(), pickField().name(), nested);
    }

    private byte[] longString() {
        int span = Math.min(2 * maxBodyBytes, 300_000);
        int length = 1000 + (random.nextInt(4) == 0 ? random.nextInt(span) : random.nextInt(9000));
        String s = randomText(length);
        ObjectNode o = shape.valid();
        if (random.nextInt(3) == 0) {
            o.put(s, 1); // a long key: unknown, or past the parser's name limit
            return Json.write(shape.strictFields() ? o : withBrokenField(o));
        }
        o.set(pickField().name(), NODES.stringNode(s)); // every field's strings are shorter, or it takes no string
        return Json.write(o);
    }

    private static final byte[][] NOT_UTF8 = {
        {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};

    private byte[] nonUtf8() {
        ObjectNode o = shape.valid();
        List<Field> enums = shape.fields().stream().filter(f -> f.type() == Type.ENUM).toList();
        String marker = "\u0007MARK\u0007";
        if (!enums.isEmpty() && random.nextBoolean()) {
            Field f = enums.get(random.nextInt(enums.size()));
            o.put(f.name(), f.values().get(0) + marker); // no longer one of the values, whatever the bytes decode to
        } else {
            Field f = shape.required().isEmpty() ? pickField() : shape.required().get(random.nextInt(shape.required().size()));
            if (shape.required().isEmpty()) {
                o.put(f.name(), marker); // a broken value of an optional field (an enum, a bool...)
            } else {
                JsonNode v = o.remove(f.name());
                o.set(f.name() + marker, v); // the required key is gone
            }
        }
        byte[] text = Json.write(o);
        byte[] escaped = Json.writeString(marker).replace("\"", "").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(text, escaped);
        return concat(Arrays.copyOf(text, at), NOT_UTF8[random.nextInt(NOT_UTF8.length)],
                Arrays.copyOfRange(text, at + escaped.length, text.length));
    }

    private static final String[] WRONG_TYPES = {"text/plain", "application/xml", "text/html", "text/json",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/octet-stream",
        "image/png", "application/javascript", "garbage", "application/", "/json", "*/*; q=x", ";;;",
        "application/json/extra", "application/jsonx", "text/plain; charset=utf-8", "application/json-seq"};
    // not here: "application/json; charset" (Spring drops a parameter without a value: it is JSON)

    // ---- breaking one field ---------------------------------------------------------------------------------

    /** The object with one field replaced by a value its type or range refuses. */
    ObjectNode withBrokenField(ObjectNode o) {
        List<Field> breakable = shape.fields();
        Field f = breakable.get(random.nextInt(breakable.size()));
        List<JsonNode> bad = brokenValues(f);
        o.set(f.name(), bad.get(random.nextInt(bad.size())));
        return o;
    }

    List<JsonNode> brokenValues(Field f) {
        List<JsonNode> v = new ArrayList<>();
        ArrayNode array = NODES.arrayNode().add(1);
        ObjectNode object = NODES.objectNode().put("a", 1);
        if (!f.nullable()) {
            v.add(NODES.nullNode());
        }
        switch (f.type()) {
            case ID -> {
                v.addAll(List.of(NODES.numberNode(1.5), NODES.booleanNode(true), NODES.arrayNode(), array,
                        NODES.objectNode(), object, NODES.stringNode(""), NODES.stringNode("x".repeat(f.maxLength() + 1))));
            }
            case INT -> {
                v.addAll(List.of(NODES.stringNode("3"), NODES.numberNode(1.5), NODES.booleanNode(true), array, object,
                        NODES.numberNode((long) f.min() - 1), NODES.numberNode((long) f.max() + 1),
                        NODES.numberNode(new java.math.BigInteger("1000000000000000000000000000000")),
                        NODES.numberNode(new java.math.BigInteger("-1000000000000000000000000000000")),
                        NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE),
                        NODES.numberNode((long) Integer.MAX_VALUE + 1)));
            }
            case NUMBER -> {
                v.addAll(List.of(NODES.stringNode("3"), NODES.booleanNode(false), array, object, NODES.stringNode("")));
                if (Double.isFinite(f.min())) {
                    v.add(NODES.numberNode(f.min() - 1));
                    v.add(NODES.numberNode(-1e300));
                }
                if (Double.isFinite(f.max())) {
                    v.add(NODES.numberNode(f.max() + 1));
                    v.add(NODES.numberNode(1e300));
                }
            }
            case ENUM -> {
                v.addAll(List.of(NODES.stringNode("nope"), NODES.stringNode("x".repeat(300)), NODES.numberNode(1),
                        NODES.booleanNode(true), array, object, NODES.stringNode("\u0000")));
                if (!f.emptyAllowed()) {
                    v.add(NODES.stringNode(""));
                }
            }
            case STRING -> {
                v.addAll(List.of(NODES.numberNode(1), NODES.booleanNode(true), array, object,
                        NODES.stringNode("x".repeat(f.maxLength() + 1))));
                if (!f.emptyAllowed()) {
                    v.add(NODES.stringNode(""));
                }
                if (!f.blankAllowed()) {
                    v.add(NODES.stringNode("   "));
                }
                for (String s : f.values()) {
                    v.add(NODES.stringNode(s));
                }
            }
            case BOOL -> v.addAll(List.of(NODES.stringNode("true"), NODES.numberNode(1), NODES.numberNode(0), array, object,
                    NODES.stringNode("yes")));
            case OBJECT -> {
                v.addAll(List.of(NODES.stringNode("x"), NODES.numberNode(1), NODES.arrayNode(), NODES.booleanNode(true),
                        NODES.objectNode()));
                v.addAll(f.broken());
            }
        }
        return v;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private Field pickField() {
        return shape.fields().get(random.nextInt(shape.fields().size()));
    }

    private JsonNode randomValue(int depth) {
        return switch (random.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> NODES.numberNode(random.nextInt());
            case 1 -> NODES.numberNode(random.nextDouble() * 1e6);
            case 2 -> NODES.stringNode(randomText(random.nextInt(40)));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.arrayNode().add(randomValue(depth - 1)).add(randomValue(depth - 1));
            default -> NODES.objectNode().set("k" + random.nextInt(10), randomValue(depth - 1));
        };
    }

    /** Printable text with some non-ASCII and escapes (quotes, backslashes, control characters). */
    private String randomText(int length) {
        StringBuilder sb = new StringBuilder(length);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 _-\"\\\n\t/é€😀\u0000\u001f";
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    static boolean parses(byte[] bytes) {
        try {
            Json.tree(bytes);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
