package io.hindsight.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A seeded generator of malformed Kafka records for one input topic, for fuzzing the stages that read it: raw
 * bytes, truncated and garbled JSON, valid JSON of the wrong shape, wrong types, huge numbers, NaN and Infinity,
 * missing, null and extra fields, null keys and values, keys that are not the body's, deep nesting, very long
 * strings, text that is not UTF-8, and the topic's own valid-looking but meaningless values ({@link Shape#semantic}).
 *
 * <p>Each record starts from a valid one of the topic ({@link Shape#valid}) and breaks it one way ({@link Kind}).
 * A break does not always break: removing an optional field, garbling a digit, a keyless record where keys do not
 * matter. So every candidate goes through the topic's contract ({@link Shape#accepted}); one the consumer would
 * accept is discarded and counted ({@link #discarded()}), never returned: every record {@link #next()} returns is
 * one the consumer must reject. Deterministic for a seed: same shape, same seed, same records.
 */
public final class MalformedRecords {
    /** The seed the fuzz tests use. */
    public static final long SEED = 0x5EED_2026L;

    /** How a record is broken. */
    public enum Kind {
        RANDOM_BYTES, EMPTY, NOT_UTF8, OTHER_ENCODING, TRUNCATED_JSON, GARBLED_JSON, NOT_AN_OBJECT, OTHER_SHAPE,
        WRONG_TYPE, HUGE_NUMBER, NAN_INFINITY, MISSING_FIELD, NULL_FIELD, EXTRA_FIELDS, DUPLICATE_FIELD, NULL_KEY,
        NULL_VALUE, KEY_MISMATCH, KEY_NOT_UTF8, LONG_STRING, DEEP_NESTING, SEMANTIC
    }

    /** Kinds that only touch the key, headers or raw bytes: the ones an opaque (non-JSON) topic gets. */
    private static final List<Kind> OPAQUE = List.of(Kind.RANDOM_BYTES, Kind.EMPTY, Kind.TRUNCATED_JSON, Kind.GARBLED_JSON,
            Kind.NULL_KEY, Kind.NULL_VALUE, Kind.KEY_MISMATCH, Kind.KEY_NOT_UTF8, Kind.LONG_STRING, Kind.SEMANTIC);

    /** One generated record: key and value bytes as a producer would send them (either may be null). */
    public record Junk(Kind kind, byte[] key, byte[] value, Headers headers) {
        /** The key as Kafka's StringDeserializer reads it (invalid UTF-8 becomes U+FFFD), or null. */
        public String keyString() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return kind + " key=" + preview(key) + " value=" + preview(value);
        }
    }

    /**
     * A valid record of the topic: its key and body. A JSON body is a tree of {@link LinkedHashMap} (objects),
     * {@link List} (arrays), String, Number, Boolean and null, as {@code Json.MAPPER.readValue(bytes, Map.class)}
     * gives; an opaque body is a byte[].
     */
    public record Sample(String key, Object body, Headers headers) {
        public Sample(String key, Object body) {
            this(key, body, new RecordHeaders());
        }

        public Sample withKey(String newKey) {
            return new Sample(newKey, body, headers);
        }

        public Sample withBody(Object newBody) {
            return new Sample(key, newBody, headers);
        }

        /** The body as a JSON object (shapes' semantic breaks edit it in place on a fresh sample). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> object() {
            return (Map<String, Object>) body;
        }
    }

    /**
     * What the generator knows of a topic.
     *
     * @param topic      the topic's name, for messages
     * @param valid      a fresh valid record (never shared: breaks edit it in place)
     * @param json       whether the value is JSON (else opaque bytes: only key, header and byte-level breaks)
     * @param keyMatters whether a valid body under another key is rejected (else KEY_MISMATCH-like breaks also
     *                   break the body)
     * @param semantic   the topic's own valid-looking breaks: out-of-range values, unknown references, ...
     * @param accepted   the consumer's contract: true for a record it would take as valid (never returned)
     */
    public record Shape(String topic, Function<Random, Sample> valid, boolean json, boolean keyMatters,
                        List<BiFunction<Random, Sample, Sample>> semantic, Predicate<Junk> accepted) {
    }

    private final Shape shape;
    private final Random rnd;
    private final List<Kind> kinds;
    private final Map<Kind, Integer> generated = new EnumMap<>(Kind.class);
    private final Map<Kind, Integer> discarded = new EnumMap<>(Kind.class);

    public MalformedRecords(Shape shape, long seed) {
        this.shape = shape;
        this.rnd = new Random(seed);
        List<Kind> k = new ArrayList<>(shape.json() ? Arrays.asList(Kind.values()) : OPAQUE);
        if (shape.semantic().isEmpty()) {
            k.remove(Kind.SEMANTIC);
        }
        this.kinds = List.copyOf(k);
    }

    /** The next malformed record. */
    public Junk next() {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Kind kind = kinds.get(rnd.nextInt(kinds.size()));
            Junk j = make(kind, shape.valid().apply(rnd));
            if (j == null) {
                continue; // the sample had nothing this kind could break
            }
            if (rnd.nextInt(10) == 0) {
                j = new Junk(j.kind(), j.key(), j.value(), oddHeaders(j.headers()));
            }
            if (shape.accepted().test(j)) {
                discarded.merge(kind, 1, Integer::sum);
                continue;
            }
            generated.merge(kind, 1, Integer::sum);
            return j;
        }
        throw new IllegalStateException(shape.topic() + ": no malformed record in 10,000 attempts");
    }

    /** Malformed records returned so far, by kind. */
    public Map<Kind, Integer> generated() {
        return Map.copyOf(generated);
    }

    /** Candidates the topic's contract accepted, by kind: discarded, not returned. */
    public Map<Kind, Integer> discarded() {
        return Map.copyOf(discarded);
    }

    public int discardedTotal() {
        return discarded.values().stream().mapToInt(Integer::intValue).sum();
    }

    // ---- the breaks ----

    private Junk make(Kind kind, Sample s) {
        byte[] key = utf8(s.key());
        Headers h = copy(s.headers());
        if (!shape.json()) {
            return opaque(kind, s, key, h);
        }
        return switch (kind) {
            case RANDOM_BYTES -> new Junk(kind, rnd.nextBoolean() ? key : randomBytes(1 + rnd.nextInt(16)), randomBytes(
                    rnd.nextInt(8) == 0 ? rnd.nextInt(8192) : rnd.nextInt(256)), h);
            case EMPTY -> new Junk(kind, key, utf8(pick("", " ", "\n\t  \r\n", "\u0000", "\uFEFF")), h);
            case NOT_UTF8 -> new Junk(kind, key, notUtf8(s.body()), h);
            case OTHER_ENCODING -> new Junk(kind, key, json(s.body()).getBytes(pick(StandardCharsets.UTF_16BE,
                    StandardCharsets.UTF_16LE, StandardCharsets.UTF_16, StandardCharsets.ISO_8859_1)), h);
            case TRUNCATED_JSON -> {
                byte[] all = jsonBytes(s.body());
                yield new Junk(kind, key, Arrays.copyOf(all, 1 + rnd.nextInt(all.length - 1)), h);
            }
            case GARBLED_JSON -> new Junk(kind, key, garble(jsonBytes(s.body())), h);
            case NOT_AN_OBJECT -> new Junk(kind, key, utf8(pick("[]", "[" + json(s.body()) + "]", "\"" + escape(json(s.body())) + "\"",
                    "42", "-0.0", "1e400", "true", "false", "null", "\"\"", "[null]", "[{}]", "\"{}\"")), h);
            case OTHER_SHAPE -> new Junk(kind, key, jsonBytes(randomObject(rnd.nextInt(8), 2)), h);
            case WRONG_TYPE -> replaceAt(kind, s, key, h, current -> differentType(current));
            case HUGE_NUMBER -> replaceAt(kind, s, key, h, current -> new Raw(pick("1e400", "-1e400", "1E+999", "1e30", "-1e30",
                    "1e19", "9.3e18", "1e300", "-1.5e300",
                    "123456789012345678901234567890", "9223372036854775808", "-9223372036854775809",
                    "1.7976931348623157E+309", "4.9e-400", "1" + "0".repeat(400), "0." + "0".repeat(400) + "1")));
            case NAN_INFINITY -> replaceAt(kind, s, key, h, current -> rnd.nextBoolean()
                    ? pick("NaN", "Infinity", "-Infinity", "+INF", "nan", "1e999")
                    : new Raw(pick("NaN", "Infinity", "-Infinity", "+Infinity", "-NaN")));
            case MISSING_FIELD -> removeField(kind, s, key, h);
            case NULL_FIELD -> replaceAt(kind, s, key, h, current -> null);
            case EXTRA_FIELDS -> {
                addExtraFields(s.body());
                Junk broken = make(shape.semantic().isEmpty() ? pick(Kind.MISSING_FIELD, Kind.WRONG_TYPE, Kind.NULL_FIELD)
                                : pick(Kind.MISSING_FIELD, Kind.WRONG_TYPE, Kind.NULL_FIELD, Kind.SEMANTIC),
                        new Sample(s.key(), s.body(), s.headers()));
                yield broken == null ? null : new Junk(kind, broken.key(), broken.value(), broken.headers());
            }
            case DUPLICATE_FIELD -> duplicateField(kind, s, key, h);
            case NULL_KEY -> new Junk(kind, null, shape.keyMatters() ? jsonBytes(s.body()) : brokenBody(s), h);
            case NULL_VALUE -> new Junk(kind, rnd.nextBoolean() ? null : key, null, h);
            case KEY_MISMATCH -> new Junk(kind, utf8(otherKey(s.key())), shape.keyMatters() ? jsonBytes(s.body()) : brokenBody(s), h);
            case KEY_NOT_UTF8 -> new Junk(kind, notUtf8Key(s.key()), shape.keyMatters() ? jsonBytes(s.body()) : brokenBody(s), h);
            case LONG_STRING -> rnd.nextInt(4) == 0 && shape.keyMatters()
                    ? new Junk(kind, utf8(longString()), jsonBytes(s.body()), h)
                    : replaceAt(kind, s, key, h, current -> longString());
            case DEEP_NESTING -> rnd.nextInt(3) == 0
                    ? new Junk(kind, key, utf8(nested(depth())), h)
                    : replaceAt(kind, s, key, h, current -> new Raw(nested(depth())));
            case SEMANTIC -> {
                Sample broken = semantic(s);
                yield new Junk(kind, utf8(broken.key()), broken.body() == null ? null : jsonBytes(broken.body()), broken.headers());
            }
        };
    }

    private Junk opaque(Kind kind, Sample s, byte[] key, Headers h) {
        byte[] body = (byte[]) s.body();
        return switch (kind) {
            case RANDOM_BYTES -> new Junk(kind, key, randomBytes(rnd.nextInt(4096)), h);
            case EMPTY -> new Junk(kind, key, new byte[0], h);
            case TRUNCATED_JSON -> body.length < 2 ? null : new Junk(kind, key, Arrays.copyOf(body, 1 + rnd.nextInt(body.length - 1)), h);
            case GARBLED_JSON -> new Junk(kind, key, garble(body), h);
            case NULL_KEY -> new Junk(kind, null, body, h);
            case NULL_VALUE -> new Junk(kind, null, null, h);
            case KEY_MISMATCH -> new Junk(kind, utf8(otherKey(s.key())), body, h);
            case KEY_NOT_UTF8 -> new Junk(kind, notUtf8Key(s.key()), body, h);
            case LONG_STRING -> new Junk(kind, utf8(longString()), body, h);
            case SEMANTIC -> {
                Sample broken = semantic(s);
                yield new Junk(kind, utf8(broken.key()), (byte[]) broken.body(), broken.headers());
            }
            default -> null;
        };
    }

    private Sample semantic(Sample s) {
        return shape.semantic().get(rnd.nextInt(shape.semantic().size())).apply(rnd, s);
    }

    /** The body broken by one of the body-only breaks (for kinds whose key change alone would not break it). */
    private byte[] brokenBody(Sample s) {
        Junk j = make(pick(Kind.TRUNCATED_JSON, Kind.WRONG_TYPE, Kind.MISSING_FIELD, Kind.NOT_AN_OBJECT, Kind.HUGE_NUMBER), s);
        return j == null ? utf8("{") : j.value();
    }

    private Junk replaceAt(Kind kind, Sample s, byte[] key, Headers h, Function<Object, Object> replacement) {
        List<List<Object>> paths = paths(s.body());
        if (paths.isEmpty()) {
            return null;
        }
        List<Object> path = paths.get(rnd.nextInt(paths.size()));
        set(s.body(), path, replacement.apply(get(s.body(), path)));
        return new Junk(kind, key, jsonBytes(s.body()), h);
    }

    private Junk removeField(Kind kind, Sample s, byte[] key, Headers h) {
        List<List<Object>> fields = new ArrayList<>();
        for (List<Object> p : paths(s.body())) {
            if (p.get(p.size() - 1) instanceof String) {
                fields.add(p);
            }
        }
        if (fields.isEmpty()) {
            return null;
        }
        // top-level fields are the ones most often required: half the time one of them
        List<List<Object>> top = fields.stream().filter(p -> p.size() == 1).toList();
        List<List<Object>> from = rnd.nextBoolean() && !top.isEmpty() ? top : fields;
        List<Object> path = from.get(rnd.nextInt(from.size()));
        @SuppressWarnings("unchecked")
        Map<String, Object> parent = (Map<String, Object>) get(s.body(), path.subList(0, path.size() - 1));
        parent.remove((String) path.get(path.size() - 1));
        return new Junk(kind, key, jsonBytes(s.body()), h);
    }

    private Junk duplicateField(Kind kind, Sample s, byte[] key, Headers h) {
        if (!(s.body() instanceof Map<?, ?> m) || m.isEmpty()) {
            return null;
        }
        List<?> names = new ArrayList<>(m.keySet());
        String name = (String) names.get(rnd.nextInt(names.size()));
        String text = json(s.body());
        // the last duplicate wins in most parsers: make it the wrong one
        String dup = ",\"" + escape(name) + "\":" + json(differentType(m.get(name)));
        return new Junk(kind, key, utf8(text.substring(0, text.length() - 1) + dup + "}"), h);
    }

    @SuppressWarnings("unchecked")
    private void addExtraFields(Object body) {
        List<Map<String, Object>> objects = new ArrayList<>();
        collectObjects(body, objects);
        int n = 1 + rnd.nextInt(10);
        for (int i = 0; i < n && !objects.isEmpty(); i++) {
            Map<String, Object> o = objects.get(rnd.nextInt(objects.size()));
            o.put(pick("extra", "__proto__", "", "x".repeat(1 + rnd.nextInt(300)), "ü\u0000名", "id2", "constructor") + i,
                    randomValue(2));
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectObjects(Object node, List<Map<String, Object>> out) {
        if (node instanceof Map<?, ?> m) {
            out.add((Map<String, Object>) m);
            m.values().forEach(v -> collectObjects(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectObjects(v, out));
        }
    }

    private Object differentType(Object current) {
        List<Object> candidates = new ArrayList<>(List.of("x", "12", "true", 7L, 2.5, true, new ArrayList<>(),
                new LinkedHashMap<>(), new ArrayList<>(List.of(1L, "a")), new LinkedHashMap<>(Map.of("a", 1L))));
        candidates.add(null);
        for (int tries = 0; tries < 20; tries++) {
            Object c = candidates.get(rnd.nextInt(candidates.size()));
            if (typeOf(c) != typeOf(current)) {
                return c;
            }
        }
        return current == null ? "x" : null;
    }

    private static int typeOf(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof String) {
            return 1;
        }
        if (v instanceof Number) {
            return 2;
        }
        if (v instanceof Boolean) {
            return 3;
        }
        if (v instanceof List) {
            return 4;
        }
        return v instanceof Map ? 5 : 6;
    }

    private Map<String, Object> randomObject(int fields, int depth) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < fields; i++) {
            o.put(pick("a", "type", "value", "data", "x", "payload", "v") + rnd.nextInt(100), randomValue(depth));
        }
        return o;
    }

    private Object randomValue(int depth) {
        int k = rnd.nextInt(depth > 0 ? 8 : 6);
        return switch (k) {
            case 0 -> null;
            case 1 -> rnd.nextBoolean();
            case 2 -> rnd.nextLong();
            case 3 -> rnd.nextGaussian() * 1e6;
            case 4 -> longStringOf(rnd.nextInt(20));
            case 5 -> "";
            case 6 -> new ArrayList<>(Arrays.asList(randomValue(depth - 1), randomValue(depth - 1)));
            default -> randomObject(rnd.nextInt(3), depth - 1);
        };
    }

    private String otherKey(String key) {
        String k = key == null ? "k" : key;
        return pick(k + "x", "x" + k, k.toUpperCase() + "-", " " + k, k + " ", "", "other-" + rnd.nextInt(1000), k + "\u0000",
                "0", "null");
    }

    private byte[] notUtf8Key(String key) {
        byte[] base = utf8(key == null ? "k" : key);
        byte[] bad = badUtf8();
        int at = rnd.nextInt(base.length + 1);
        byte[] out = new byte[base.length + bad.length];
        System.arraycopy(base, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(base, at, out, at + bad.length, base.length - at);
        return out;
    }

    private byte[] badUtf8() {
        return switch (rnd.nextInt(9)) {
            case 0 -> new byte[] {(byte) 0xFF};
            case 1 -> new byte[] {(byte) 0xFE};
            case 2 -> new byte[] {(byte) 0xC3, 0x28};
            case 3 -> new byte[] {(byte) 0xE2, 0x28, (byte) 0xA1};
            case 4 -> new byte[] {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC};
            case 5 -> new byte[] {(byte) 0xC0, (byte) 0xAF};
            case 6 -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
            case 7 -> new byte[] {(byte) 0x80};
            default -> new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        };
    }

    /** The body with invalid UTF-8 inside one of its strings (or the whole text in Latin-1 with accents). */
    private byte[] notUtf8(Object body) {
        List<List<Object>> strings = new ArrayList<>();
        for (List<Object> p : paths(body)) {
            if (get(body, p) instanceof String) {
                strings.add(p);
            }
        }
        if (strings.isEmpty() || rnd.nextInt(4) == 0) {
            Map<String, Object> wrapper = new LinkedHashMap<>();
            wrapper.put("näme", "Müller ßçø");
            if (body instanceof Map<?, ?> m) {
                m.forEach((k, v) -> wrapper.put((String) k, v));
            }
            return json(wrapper).getBytes(StandardCharsets.ISO_8859_1);
        }
        String marker = "\u0001MARK\u0001";
        List<Object> path = strings.get(rnd.nextInt(strings.size()));
        set(body, path, get(body, path) + marker);
        byte[] text = jsonBytes(body);
        byte[] m = utf8(escape(marker));
        int at = indexOf(text, m);
        byte[] bad = badUtf8();
        byte[] out = new byte[text.length - m.length + bad.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(text, at + m.length, out, at + bad.length, text.length - at - m.length);
        return out;
    }

    private byte[] garble(byte[] in) {
        byte[] junk = utf8("{}[]:,\"\\'`#<>\u0000\u0007 \nxyz0");
        List<Byte> out = new ArrayList<>(in.length + 8);
        for (byte b : in) {
            out.add(b);
        }
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = out.isEmpty() ? 0 : rnd.nextInt(out.size());
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    if (!out.isEmpty()) {
                        out.set(at, junk[rnd.nextInt(junk.length)]);
                    }
                }
                case 1 -> {
                    if (!out.isEmpty()) {
                        out.remove(at);
                    }
                }
                default -> out.add(at, junk[rnd.nextInt(junk.length)]);
            }
        }
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.get(i);
        }
        return b;
    }

    private int depth() {
        return pick(64, 256, 499, 500, 501, 1_000, 5_000, 20_000);
    }

    private String nested(int depth) {
        boolean arrays = rnd.nextBoolean();
        StringBuilder sb = new StringBuilder(depth * 8);
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "[" : "{\"a\":");
        }
        sb.append("1");
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "]" : "}");
        }
        return sb.toString();
    }

    private String longString() {
        int r = rnd.nextInt(100);
        int length = r < 70 ? 200 + rnd.nextInt(5_000) : r < 97 ? 10_000 + rnd.nextInt(90_000) : 1_000_000;
        return longStringOf(length);
    }

    private String longStringOf(int length) {
        if (length <= BLOCK.length()) {
            int from = rnd.nextInt(BLOCK.length() - length + 1);
            return safeCut(BLOCK, from, from + length);
        }
        StringBuilder sb = new StringBuilder(length + BLOCK.length());
        while (sb.length() < length) { // a random slice of a random block, over and over: cheap, and not one char repeated
            int from = rnd.nextInt(BLOCK.length() / 2);
            sb.append(safeCut(BLOCK, from, BLOCK.length()));
        }
        return safeCut(sb, 0, length);
    }

    /** A substring that does not split a surrogate pair. */
    private static String safeCut(CharSequence s, int from, int to) {
        if (from > 0 && from < s.length() && Character.isLowSurrogate(s.charAt(from))) {
            from++;
        }
        if (to > from && to < s.length() && Character.isLowSurrogate(s.charAt(to))) {
            to--;
        }
        return s.subSequence(from, Math.max(from, to)).toString();
    }

    /** 8,192 characters drawn from letters, digits, JSON's specials, accents, CJK, an emoji and control characters. */
    private static final String BLOCK;

    static {
        Random r = new Random(7);
        String alphabet = "abcXYZ019 -_.:/\\\"'\u00e9\u4e2d\ud83d\ude00\u0000\u001f\t\n";
        StringBuilder sb = new StringBuilder(8_200);
        while (sb.length() < 8_192) {
            int i = r.nextInt(alphabet.length());
            char c = alphabet.charAt(i);
            if (Character.isHighSurrogate(c)) {
                sb.append(c).append(alphabet.charAt(i + 1));
            } else if (!Character.isLowSurrogate(c)) {
                sb.append(c);
            }
        }
        BLOCK = sb.toString();
    }

    private Headers oddHeaders(Headers base) {
        RecordHeaders h = copy(base);
        switch (rnd.nextInt(5)) {
            case 0 -> h.add("x-null", null);
            case 1 -> h.add("", new byte[0]);
            case 2 -> h.add("x-bad-utf8", badUtf8());
            case 3 -> h.add("hindsight.dlq.reason", utf8("already dead-lettered once"));
            default -> h.add("x-long", randomBytes(10_000));
        }
        return h;
    }

    private static RecordHeaders copy(Headers headers) {
        RecordHeaders h = new RecordHeaders();
        if (headers != null) {
            for (Header x : headers) {
                h.add(x.key(), x.value());
            }
        }
        return h;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }

    // ---- trees ----

    /** Raw JSON text (NaN, 1e400, deep nesting) that a tree cannot hold as a value. */
    private record Raw(String text) {
    }

    /** Every path from the root to a node (object member names and array indexes), root excluded. */
    private static List<List<Object>> paths(Object body) {
        List<List<Object>> out = new ArrayList<>();
        walk(body, new ArrayList<>(), out);
        return out;
    }

    private static void walk(Object node, List<Object> at, List<List<Object>> out) {
        if (node instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                List<Object> p = new ArrayList<>(at);
                p.add(k);
                out.add(p);
                walk(m.get(k), p, out);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                List<Object> p = new ArrayList<>(at);
                p.add(i);
                out.add(p);
                walk(l.get(i), p, out);
            }
        }
    }

    private static Object get(Object node, List<Object> path) {
        Object n = node;
        for (Object step : path) {
            n = step instanceof String s ? ((Map<?, ?>) n).get(s) : ((List<?>) n).get((Integer) step);
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static void set(Object root, List<Object> path, Object value) {
        Object parent = get(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof String s) {
            ((Map<String, Object>) parent).put(s, value);
        } else {
            ((List<Object>) parent).set((Integer) last, value);
        }
    }

    // ---- JSON text ----

    private static byte[] jsonBytes(Object node) {
        return utf8(json(node));
    }

    /** JSON text of a tree, {@link Raw} written as is; the writer of the breaks, not of the contract. */
    static String json(Object node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(Object node, StringBuilder sb) {
        if (node == null) {
            sb.append("null");
        } else if (node instanceof Raw r) {
            sb.append(r.text());
        } else if (node instanceof String s) {
            sb.append('"').append(escape(s)).append('"');
        } else if (node instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "\"" + d + "\"" : BigDecimal.valueOf(d).toString());
        } else if (node instanceof Float f) {
            write(f.doubleValue(), sb);
        } else if (node instanceof Number || node instanceof Boolean) {
            sb.append(node);
        } else if (node instanceof BigInteger b) {
            sb.append(b);
        } else if (node instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('"').append(escape((String) e.getKey())).append("\":");
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (node instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(l.get(i), sb);
            }
            sb.append(']');
        } else if (node instanceof double[] a) {
            List<Object> l = new ArrayList<>();
            for (double d : a) {
                l.add(d);
            }
            write(l, sb);
        } else {
            throw new IllegalArgumentException("not a JSON tree node: " + node.getClass());
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
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

    private static String preview(byte[] b) {
        if (b == null) {
            return "null";
        }
        String s = new String(b, 0, Math.min(b.length, 120), StandardCharsets.UTF_8);
        return b.length > 120 ? s + "...(" + b.length + " bytes)" : s;
    }
}
