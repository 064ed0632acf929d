package io.hindsight.predictor.registry;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.contracts.json.Utf8;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the predictor accepted from the three registry topics, and the models that follows: the logic of
 * {@link ModelRegistryView} without Kafka, so it is tested record by record. Not thread-safe: the view calls
 * it under its own lock.
 *
 * <p>Every record arrives as raw bytes and is checked before it counts. A refused record (unreadable,
 * invalid, key not matching its value, artifact bytes not matching their sha256) is counted and logged by
 * {@link RegistryRejections} and leaves what was accepted before under its key untouched: one bad write to
 * a registry topic never takes a served model away. A tombstone removes its key, as on any compacted topic.
 * A version whose metadata and bytes are present but cannot be served is refused once (per version and
 * sha256), and its aliases keep serving what they served before.
 */
final class RegistryState {
    private static final Logger log = LoggerFactory.getLogger(RegistryState.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> TASKS = java.util.Arrays.stream(Task.values()).map(Task::id).toList();
    static final String ALIASES = Topics.MODEL_ALIASES.name();
    static final String MODELS = Topics.MODELS.name();
    static final String ARTIFACTS = Topics.MODEL_ARTIFACTS.name();

    /** What the view does with the outcome of a reconcile: meters, logs, closing retired models later. */
    interface Events {
        void swapped(AliasAssignment alias, LoadedModel before);

        void retired(String version, ServableModel model);
    }

    /** An alias of this task whose version could not be resolved yet: checked again after a grace period. */
    record Pending(String aliasKey, String version) {
    }

    private final Task task;
    private final ModelLoader loader;
    private final RegistryRejections rejections;
    private final Events events;
    private final Map<String, AliasAssignment> aliases = new HashMap<>();
    private final Map<String, ModelVersion> models = new HashMap<>();
    private final Map<String, byte[]> artifacts = new HashMap<>();
    /** Alias key (task/family/alias) -> loaded model. */
    private Map<String, LoadedModel> loaded = Map.of();
    /** Deserialized models by version, so two aliases on one version share it. */
    private final Map<String, ServableModel> byVersion = new HashMap<>();
    /** "version@sha256" found unusable: refused (and counted) once. */
    private final Set<String> unusable = new HashSet<>();
    private ServingModels current = ServingModels.EMPTY;

    RegistryState(Task task, ModelLoader loader, RegistryRejections rejections, Events events) {
        this.task = task;
        this.loader = loader;
        this.rejections = rejections;
        this.events = events;
    }

    ServingModels current() {
        return current;
    }

    /** True when no accepted alias names this task's Production. */
    boolean noProductionAlias() {
        return aliases.values().stream().noneMatch(a -> task.id().equals(a.task()) && Aliases.PRODUCTION.equals(a.alias()));
    }

    /**
     * A record on model-aliases. Returns the alias to check again later when it is this task's and its
     * version is not resolvable yet (the three topics are read independently, so metadata may lag), else null.
     */
    Pending onAlias(String key, byte[] value) {
        if (value == null) {
            if (aliases.remove(key) != null) {
                reconcile();
            }
            return null;
        }
        AliasAssignment a;
        try {
            requireUtf8(value);
            a = Json.read(value, AliasAssignment.class);
        } catch (RuntimeException e) {
            rejections.reject(ALIASES, RegistryRejections.UNREADABLE, key, message(e));
            return null;
        }
        String problem = problem(() -> aliasProblem(a));
        if (problem != null) {
            rejections.reject(ALIASES, RegistryRejections.INVALID, key, problem);
            return null;
        }
        if (!a.key().equals(key)) {
            rejections.reject(ALIASES, RegistryRejections.KEY_MISMATCH, key, "the value is for " + a.key());
            return null;
        }
        aliases.put(key, a);
        reconcile();
        return task.id().equals(a.task()) && !resolvable(a.version()) ? new Pending(key, a.version()) : null;
    }

    /** A record on models, keyed by version. */
    void onModel(String key, byte[] value) {
        if (value == null) {
            if (models.remove(key) != null) {
                reconcile();
            }
            return;
        }
        ModelVersion m;
        try {
            requireUtf8(value);
            m = Json.read(value, ModelVersion.class);
        } catch (RuntimeException e) {
            rejections.reject(MODELS, RegistryRejections.UNREADABLE, key, message(e));
            return;
        }
        String problem = problem(() -> modelProblem(m));
        if (problem != null) {
            rejections.reject(MODELS, RegistryRejections.INVALID, key, problem);
            return;
        }
        if (!m.version().equals(key)) {
            rejections.reject(MODELS, RegistryRejections.KEY_MISMATCH, key, "the value is version " + m.version());
            return;
        }
        ModelVersion before = models.get(key);
        if (before != null && !before.artifactSha256().equals(m.artifactSha256())) {
            rejections.reject(MODELS, RegistryRejections.INVALID, key, "version " + key + " already names artifact "
                    + before.artifactSha256() + "; a version's bytes never change");
            return;
        }
        models.put(key, m);
        reconcile();
    }

    /** A record on model-artifacts, keyed by the sha256 of its bytes. */
    void onArtifact(String key, byte[] value) {
        if (value == null) {
            if (artifacts.remove(key) != null) {
                reconcile();
            }
            return;
        }
        String sha = Sha256.hex(value);
        if (!sha.equals(key)) {
            rejections.reject(ARTIFACTS, RegistryRejections.SHA_MISMATCH, key,
                    value.length + " bytes whose sha256 is " + sha);
            return;
        }
        artifacts.put(key, value);
        reconcile();
    }

    /**
     * The grace period of an alias record is over: counted if the version it named still has no metadata or
     * no bytes, whether or not the alias has moved on since (every such record pointed nowhere).
     */
    void recheck(Pending p) {
        ModelVersion m = models.get(p.version());
        if (m == null) {
            rejections.reject(ALIASES, RegistryRejections.UNKNOWN_VERSION, p.aliasKey(),
                    "points at version " + p.version() + ", which has no metadata on " + MODELS);
        } else if (!artifacts.containsKey(m.artifactSha256())) {
            rejections.reject(MODELS, RegistryRejections.MISSING_ARTIFACT, p.version(),
                    "artifact " + m.artifactSha256() + " is not on " + ARTIFACTS);
        }
    }

    /** JSON is UTF-8, and the parser lets some invalid bytes through silently (inside a property name). */
    private static void requireUtf8(byte[] value) {
        int bad = Utf8.firstInvalid(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("not UTF-8: invalid byte 0x" + Integer.toHexString(value[bad] & 0xFF) + " at offset " + bad);
        }
    }

    private boolean resolvable(String version) {
        ModelVersion m = models.get(version);
        return m != null && artifacts.containsKey(m.artifactSha256());
    }

    /** A check that throws is a problem too (and a bug of the check): the record is refused and counted, never lost. */
    private static String problem(java.util.function.Supplier<String> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return "unchecked: " + e;
        }
    }

    private static String aliasProblem(AliasAssignment a) {
        if (a == null) {
            return "null value";
        }
        if (blank(a.task()) || blank(a.family()) || blank(a.version())) {
            return "task, family and version are required (" + a.task() + ", " + a.family() + ", " + a.version() + ")";
        }
        if (a.alias() == null || !Aliases.ALL.contains(a.alias())) {
            return "alias must be one of " + Aliases.ALL + ", was " + a.alias();
        }
        return null;
    }

    private static String modelProblem(ModelVersion m) {
        if (m == null) {
            return "null value";
        }
        if (blank(m.version()) || blank(m.task()) || blank(m.family()) || blank(m.format())) {
            return "version, task, family and format are required";
        }
        if (!TASKS.contains(m.task())) {
            return "task must be one of " + TASKS + ", was " + m.task();
        }
        if (!ModelVersion.TRIBUO_PROTOBUF.equals(m.format()) && !ModelVersion.ONNX.equals(m.format())) {
            return "format must be " + ModelVersion.TRIBUO_PROTOBUF + " or " + ModelVersion.ONNX + ", was " + m.format();
        }
        if (m.artifactSha256() == null || !SHA256.matcher(m.artifactSha256()).matches()) {
            return "artifactSha256 must be 64 lower-case hex digits, was " + m.artifactSha256();
        }
        if (m.features().stream().anyMatch(RegistryState::blank)) {
            return "features must be names";
        }
        return null;
    }

    private void reconcile() {
        Map<String, LoadedModel> next = new HashMap<>();
        for (AliasAssignment a : aliases.values()) {
            if (!task.id().equals(a.task())) {
                continue;
            }
            LoadedModel before = loaded.get(a.key());
            if (before != null && before.version().equals(a.version())) {
                next.put(a.key(), before);
                continue;
            }
            ServableModel model = load(a.version());
            if (model != null) {
                LoadedModel now = new LoadedModel(a.family(), a.alias(), a.version(), model);
                next.put(a.key(), now);
                events.swapped(a, before);
            } else if (before != null) {
                next.put(a.key(), before); // keep serving until the new version is loadable
            }
        }
        for (String key : loaded.keySet()) {
            if (!next.containsKey(key)) {
                log.info("{} alias {} removed", task.id(), key);
            }
        }
        loaded = Map.copyOf(next);
        Set<String> inUse = new HashSet<>();
        next.values().forEach(m -> inUse.add(m.version()));
        for (String version : new ArrayList<>(byVersion.keySet())) {
            if (!inUse.contains(version)) {
                events.retired(version, byVersion.remove(version));
            }
        }
        current = ServingModels.of(new ArrayList<>(next.values()));
    }

    /** The verified model of a version, or null while its metadata or bytes have not arrived (or are unusable). */
    private ServableModel load(String version) {
        ServableModel cached = byVersion.get(version);
        if (cached != null) {
            return cached;
        }
        ModelVersion meta = models.get(version);
        if (meta == null) {
            return null;
        }
        String id = version + "@" + meta.artifactSha256();
        if (unusable.contains(id)) {
            return null;
        }
        byte[] bytes = artifacts.get(meta.artifactSha256());
        if (bytes == null) {
            return null;
        }
        try {
            ServableModel model = loader.load(meta, bytes);
            byVersion.put(version, model);
            return model;
        } catch (Exception | StackOverflowError | OutOfMemoryError | LinkageError e) {
            // Anything a parser of untrusted bytes can throw: the registry's thread must live on.
            unusable.add(id);
            rejections.reject(ARTIFACTS, RegistryRejections.UNLOADABLE, meta.artifactSha256(),
                    "version " + version + " (" + meta.format() + ", " + bytes.length + " bytes): " + e);
            return null;
        }
    }

    /** Closes every loaded model (the view is closing). */
    void closeAll() {
        byVersion.values().forEach(ServableModel::close);
        byVersion.clear();
    }

    /** Which versions failed to load, for tests. */
    int unusableVersions() {
        return unusable.size();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    /** For tests: what is accepted under an alias key. */
    AliasAssignment alias(String key) {
        return aliases.get(key);
    }

    /** For tests: the loaded models, by alias key. */
    List<LoadedModel> loaded() {
        return List.copyOf(loaded.values());
    }
}
