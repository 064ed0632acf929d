package io.hindsight.predictor.registry;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A seeded generator of malformed records for the registry topics the predictor follows ({@code models},
 * {@code model-aliases}, {@code model-artifacts}), built around one valid model of the task. Every record
 * is one the predictor must refuse and count exactly once, under {@link Malformed#topic()}:
 * <ul>
 *   <li>metadata and aliases: not JSON, cut short, garbled, not UTF-8, the wrong shape, fields missing or of
 *   the wrong type, values out of the contract, a key that is not the one the value implies, deep nesting,
 *   long strings; an alias of the task pointing at a version nobody published;</li>
 *   <li>artifacts: bytes whose sha256 is not their key; and "uploads" (bytes under their true sha256, valid
 *   metadata naming them, an alias of the task pointing at that) whose bytes are no model the task can
 *   serve: random bytes, a Tribuo protobuf or ONNX graph cut short, empty, the other format's bytes.</li>
 * </ul>
 * Tombstones (null values) are not generated: on a compacted topic they are a deletion, not a malformation.
 */
public final class MalformedRegistryRecords {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public enum Kind {
        RANDOM_BYTES, TRUNCATED, GARBLED, NON_UTF8, WRONG_SHAPE, MISSING_FIELD, WRONG_VALUE, KEY_MISMATCH, DEEP_NESTING,
        LONG_STRING, VERSION_REWRITE, UNKNOWN_VERSION, SHA_MISMATCH, UNLOADABLE_UPLOAD
    }

    /** One record; {@code topic} is the one its refusal is counted under. */
    public record Malformed(String topic, String key, byte[] value, Kind kind, String detail) {
    }

    /** Artifact, metadata and alias of one upload whose bytes are no servable model: one refusal, on model-artifacts. */
    public record Upload(ModelVersion metadata, byte[] artifact, AliasAssignment alias, String detail) {
    }

    private final ModelVersion valid;
    private final byte[] artifact;
    private final byte[] otherFormat;
    private final String family;
    private final Random random;
    private long count;

    /**
     * @param valid       a valid model of the task (its metadata); the uploads claim its format
     * @param artifact    its bytes
     * @param otherFormat a valid model's bytes in the other format (ONNX for a Tribuo task, and so on)
     * @param family      the family the generated aliases name (one never served, so the Production model stays)
     */
    public MalformedRegistryRecords(ModelVersion valid, byte[] artifact, byte[] otherFormat, String family, long seed) {
        this.valid = valid;
        this.artifact = artifact;
        this.otherFormat = otherFormat;
        this.family = family;
        this.random = new Random(seed);
    }

    /** A malformed record on {@code models}. */
    public Malformed model() {
        count++;
        String version = "fuzz-model-" + count;
        ObjectNode n = Json.MAPPER.valueToTree(withVersion(version));
        Kind kind = pick(Kind.RANDOM_BYTES, Kind.TRUNCATED, Kind.GARBLED, Kind.NON_UTF8, Kind.WRONG_SHAPE, Kind.MISSING_FIELD,
                Kind.WRONG_VALUE, Kind.KEY_MISMATCH, Kind.DEEP_NESTING, Kind.LONG_STRING, Kind.VERSION_REWRITE);
        String key = version;
        String detail;
        switch (kind) {
            case MISSING_FIELD -> {
                String f = pick("version", "task", "family", "format", "artifactSha256");
                n.remove(f);
                detail = "no " + f;
            }
            case WRONG_VALUE -> {
                String f = pick("task", "format", "artifactSha256", "artifactSha256", "family", "createdAt", "features");
                switch (f) {
                    case "task" -> n.put(f, pick("Calories", "", "weather", "digits ")); // none is a task
                    case "format" -> n.put(f, pick("pickle", "java-serialization", "ONNX", ""));
                    case "artifactSha256" -> n.put(f, pick(valid.artifactSha256().toUpperCase(), "abc", "", valid.artifactSha256() + "0"));
                    case "family" -> n.put(f, pick("", "   "));
                    case "createdAt" -> n.put(f, pick("yesterday", "1.5.2026"));
                    default -> n.set(f, F.arrayNode().add(1).add(F.objectNode()));
                }
                detail = f + " = " + n.get(f);
            }
            case KEY_MISMATCH -> {
                key = pick(version + "-other", valid.version(), "", "fuzz");
                detail = "keyed " + key;
            }
            case DEEP_NESTING -> {
                int depth = pick(50, 499, 501, 3_000);
                String f = pick("version", "task", "artifactSha256", "features");
                return new Malformed(RegistryState.MODELS, key, raw(n, f, "[".repeat(depth) + "]".repeat(depth)), kind,
                        f + " nested " + depth);
            }
            case LONG_STRING -> {
                String f = pick("task", "format", "artifactSha256");
                n.put(f, "x".repeat(100 + random.nextInt(50_000)));
                detail = "long " + f;
            }
            case VERSION_REWRITE -> { // the same version, other bytes: versions are immutable
                key = valid.version();
                n.put("version", valid.version());
                n.put("artifactSha256", Sha256.hex(("other bytes " + count).getBytes(StandardCharsets.UTF_8)));
                detail = "rewrites " + valid.version();
            }
            default -> {
                return bytesLevel(RegistryState.MODELS, key, Json.MAPPER.writeValueAsBytes(n), kind);
            }
        }
        return new Malformed(RegistryState.MODELS, key, Json.MAPPER.writeValueAsBytes(n), kind, detail);
    }

    /** A malformed record on {@code model-aliases}; UNKNOWN_VERSION is valid JSON pointing nowhere. */
    public Malformed alias() {
        count++;
        AliasAssignment a = new AliasAssignment(valid.task(), family, pick("B", "shadow1", "shadow2"), valid.version(), count, "fuzz");
        ObjectNode n = Json.MAPPER.valueToTree(a);
        Kind kind = pick(Kind.RANDOM_BYTES, Kind.TRUNCATED, Kind.GARBLED, Kind.NON_UTF8, Kind.WRONG_SHAPE, Kind.MISSING_FIELD,
                Kind.WRONG_VALUE, Kind.KEY_MISMATCH, Kind.DEEP_NESTING, Kind.LONG_STRING, Kind.UNKNOWN_VERSION);
        String key = a.key();
        String detail;
        switch (kind) {
            case MISSING_FIELD -> {
                String f = pick("task", "family", "alias", "version");
                n.remove(f);
                detail = "no " + f;
            }
            case WRONG_VALUE -> {
                String f = pick("alias", "version", "setAt");
                switch (f) {
                    case "alias" -> n.put(f, pick("production", "A", "", "shadow3"));
                    case "version" -> n.put(f, pick("", " "));
                    default -> n.put(f, "soon");
                }
                detail = f + " = " + n.get(f);
            }
            case KEY_MISMATCH -> {
                key = pick(valid.task() + "/" + family + "/Production", a.key() + "x", "", valid.task() + "/other/B");
                detail = "keyed " + key;
            }
            case DEEP_NESTING -> {
                int depth = pick(50, 501, 3_000);
                String f = pick("task", "alias", "version");
                return new Malformed(RegistryState.ALIASES, key, raw(n, f, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
                        kind, f + " nested " + depth);
            }
            case LONG_STRING -> {
                n.put("alias", "Production".repeat(10 + random.nextInt(5_000)));
                detail = "long alias";
            }
            case UNKNOWN_VERSION -> {
                n.put("version", "never-published-" + count);
                detail = "points at never-published-" + count;
            }
            default -> {
                return bytesLevel(RegistryState.ALIASES, key, Json.MAPPER.writeValueAsBytes(n), kind);
            }
        }
        return new Malformed(RegistryState.ALIASES, key, Json.MAPPER.writeValueAsBytes(n), kind, detail);
    }

    /** Bytes on {@code model-artifacts} under a key that is not their sha256. */
    public Malformed artifactUnderWrongKey() {
        count++;
        byte[] bytes = switch (random.nextInt(3)) {
            case 0 -> artifact.clone();
            case 1 -> randomBytes(1 + random.nextInt(4_096));
            default -> Arrays.copyOf(artifact, 1 + random.nextInt(artifact.length - 1));
        };
        String key = pick(Sha256.hex(("x" + count).getBytes(StandardCharsets.UTF_8)), "not-a-sha", "",
                Sha256.hex(bytes).toUpperCase());
        return new Malformed(RegistryState.ARTIFACTS, key, bytes, Kind.SHA_MISMATCH, bytes.length + " bytes keyed " + key);
    }

    /** An upload whose bytes, correctly addressed and described, are no model the task can serve. */
    public Upload unloadableUpload() {
        count++;
        String what;
        byte[] bytes;
        switch (random.nextInt(6)) {
            case 0 -> {
                bytes = randomBytes(random.nextInt(100) == 0 ? 1_000_000 : 1 + random.nextInt(8_192));
                what = "random bytes";
            }
            case 1, 2 -> { // cut inside the model's body: a prefix of a protobuf is never the whole message
                bytes = Arrays.copyOf(artifact, 1 + random.nextInt(artifact.length / 2));
                what = valid.format() + " cut to " + bytes.length + " of " + artifact.length;
            }
            case 3 -> {
                bytes = new byte[0];
                what = "no bytes";
            }
            case 4 -> {
                bytes = otherFormat;
                what = "the other format's model";
            }
            default -> {
                bytes = ("{\"not\":\"a model\",\"n\":" + count + "}").getBytes(StandardCharsets.UTF_8);
                what = "JSON";
            }
        }
        // a unique version per upload, so each is a new version to try (and refuse) once
        String sha = Sha256.hex(bytes);
        ModelVersion meta = new ModelVersion("fuzz-upload-" + count, valid.task(), family, count, valid.format(), sha,
                Math.max(1, bytes.length), List.of(), java.util.Map.of(), java.util.Map.of(), List.of(), "fuzz");
        AliasAssignment alias = new AliasAssignment(valid.task(), family + "-" + count, "B", meta.version(), count, "fuzz");
        return new Upload(meta, bytes, alias, what);
    }

    private Malformed bytesLevel(String topic, String key, byte[] json, Kind kind) {
        return switch (kind) {
            case RANDOM_BYTES -> {
                byte[] b = randomBytes(1 + random.nextInt(2_048));
                int first = b[0] & 0xFF;
                if (first == '{' || first == '[' || first == '"' || first == 'n' || first <= ' ' || first >= 0xEF) {
                    b[0] = '#';
                }
                yield new Malformed(topic, key, b, kind, "random bytes");
            }
            case TRUNCATED -> {
                int cut = random.nextInt(json.length);
                yield new Malformed(topic, key, Arrays.copyOf(json, cut), kind, "cut at " + cut);
            }
            case GARBLED -> {
                String s = new String(json, StandardCharsets.UTF_8);
                String g = switch (random.nextInt(4)) {
                    case 0 -> s.replaceFirst(":", "=");
                    case 1 -> s.replace('"', '\'');
                    case 2 -> s + "}";
                    default -> s.substring(0, s.length() - 1) + ",}";
                };
                yield new Malformed(topic, key, g.getBytes(StandardCharsets.UTF_8), kind, "garbled");
            }
            case NON_UTF8 -> {
                byte[] b = new byte[json.length + 1];
                int q = new String(json, StandardCharsets.UTF_8).indexOf('"') + 1;
                System.arraycopy(json, 0, b, 0, q);
                b[q] = pick((byte) 0xFF, (byte) 0x80, (byte) 0xC0, (byte) 0xFE);
                System.arraycopy(json, q, b, q + 1, json.length - q);
                yield new Malformed(topic, key, b, kind, "invalid byte in the first name");
            }
            default -> { // WRONG_SHAPE
                String s = pick("[]", "42", "\"a string\"", "true", "null", "[" + new String(json, StandardCharsets.UTF_8) + "]");
                yield new Malformed(topic, key, s.getBytes(StandardCharsets.UTF_8), kind, "shape " + s.substring(0, Math.min(10, s.length())));
            }
        };
    }

    private ModelVersion withVersion(String version) {
        return new ModelVersion(version, valid.task(), valid.family(), valid.createdAt(), valid.format(), valid.artifactSha256(),
                valid.artifactBytes(), valid.features(), valid.metrics(), valid.provenance(), valid.trainingRanges(),
                valid.codeVersion());
    }

    private static byte[] raw(ObjectNode n, String field, String raw) {
        n.put(field, "@@raw@@");
        return n.toString().replace("\"@@raw@@\"", raw).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
