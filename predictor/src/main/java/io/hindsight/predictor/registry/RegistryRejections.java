package io.hindsight.predictor.registry;

import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry records the predictor refused: counted as
 * {@code hindsight_predictor_registry_rejected_total{task,topic,reason}} and logged with the reason. The
 * registry topics are compacted and have no dead-letter topic: counting and logging is the whole contract,
 * and a refused record never replaces what was accepted before under its key, so the models being served
 * keep serving.
 *
 * <p>Reasons (a fixed set, so the series stay few): {@link #UNREADABLE} (not JSON, or JSON that does not
 * bind), {@link #INVALID} (a field missing or out of range), {@link #KEY_MISMATCH} (the record key is not
 * the one its value implies), {@link #SHA_MISMATCH} (artifact bytes whose sha256 is not their key),
 * {@link #UNKNOWN_VERSION} (an alias still pointing at a version with no metadata after a grace period),
 * {@link #MISSING_ARTIFACT} (metadata still without its bytes after that period), {@link #UNLOADABLE}
 * (metadata and bytes present, but not a model this task can serve).
 */
public final class RegistryRejections {
    private static final Logger log = LoggerFactory.getLogger(RegistryRejections.class);

    public static final String UNREADABLE = "unreadable";
    public static final String INVALID = "invalid";
    public static final String KEY_MISMATCH = "key-mismatch";
    public static final String SHA_MISMATCH = "sha-mismatch";
    public static final String UNKNOWN_VERSION = "unknown-version";
    public static final String MISSING_ARTIFACT = "missing-artifact";
    public static final String UNLOADABLE = "unloadable";

    /** The (topic, reason) pairs that can occur, registered at 0 up front. */
    static final Map<String, List<String>> REASONS = Map.of(
            Topics.MODEL_ALIASES.name(), List.of(UNREADABLE, INVALID, KEY_MISMATCH, UNKNOWN_VERSION),
            Topics.MODELS.name(), List.of(UNREADABLE, INVALID, KEY_MISMATCH, MISSING_ARTIFACT),
            Topics.MODEL_ARTIFACTS.name(), List.of(SHA_MISMATCH, UNLOADABLE));

    private final MeterRegistry meters;
    private final String task;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public RegistryRejections(MeterRegistry meters, String task) {
        this.meters = meters;
        this.task = task;
        REASONS.forEach((topic, reasons) -> reasons.forEach(reason -> counter(topic, reason)));
    }

    /** Counts and logs one refused record (or, for the last three reasons, one unusable model version). */
    void reject(String topic, String reason, String key, String detail) {
        counter(topic, reason).increment();
        log.warn("{} predictor refused {} record {}: {}: {}", task, topic, abbreviate(key), reason, abbreviate(detail));
    }

    /** How many were refused for this topic and reason: for tests and the bench. */
    public double count(String topic, String reason) {
        return counter(topic, reason).count();
    }

    /** How many were refused in all. */
    public double total() {
        return counters.values().stream().mapToDouble(Counter::count).sum();
    }

    private Counter counter(String topic, String reason) {
        return counters.computeIfAbsent(List.of(topic, reason), k -> Counter.builder("hindsight.predictor.registry.rejected")
                .description("registry records (models, model-aliases, model-artifacts) the predictor refused, by reason")
                .tag("task", task).tag("topic", topic).tag("reason", reason).register(meters));
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
    }
}
