package io.hindsight.drift;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the drift monitor's JSON inputs other than requests (predictions, metrics.rolling, models,
 * model-aliases) from raw bytes: any Kafka client can write them, and a record that breaks its contract must
 * be counted ({@code hindsight.drift.records.skipped{topic,reason}}), not fail the stream thread in a
 * deserializer nor be skipped unseen by a deserialization handler. A record is used only when
 * <ul>
 *   <li>it is JSON that its topic's JSON Schema accepts (reason {@link DriftMeters#INVALID} otherwise; a
 *       prediction also needs every class probability in [0, 1]);</li>
 *   <li>its key is the one its body names: a prediction's request id, a rolling window's
 *       {@link RollingMetrics#key}, a model's version, an alias's {@link AliasAssignment#key()}
 *       ({@link DriftMeters#KEY_MISMATCH}); joins and global stores go by the key;</li>
 *   <li>a prediction is of the monitored task ({@link DriftMeters#WRONG_TASK}).</li>
 * </ul>
 * A null value is a tombstone: it deletes a model or an alias; on predictions and metrics.rolling nobody
 * writes one ({@link DriftMeters#TOMBSTONE}). Stateless and thread-safe.
 */
final class DriftInputs {
    private static final Logger log = LoggerFactory.getLogger(DriftInputs.class);
    /** Every task's predictions share one schema. */
    private static final WireReader<PredictionRecord> PREDICTION =
            new WireReader<>(Topics.of(Task.CALORIES).predictions().schema(), PredictionRecord.class);
    private static final WireReader<RollingMetrics> ROLLING = new WireReader<>(Topics.METRICS_ROLLING.schema(), RollingMetrics.class);
    private static final WireReader<ModelVersion> MODEL = new WireReader<>(Topics.MODELS.schema(), ModelVersion.class);
    private static final WireReader<AliasAssignment> ALIAS = new WireReader<>(Topics.MODEL_ALIASES.schema(), AliasAssignment.class);

    private DriftInputs() {
    }

    /** A usable value, or why not ({@code reason} one of the records.skipped reasons, {@code detail} for the log). */
    record Checked<T>(T value, String reason, String detail) {
        static <T> Checked<T> ok(T value) {
            return new Checked<>(value, null, null);
        }

        static <T> Checked<T> skipped(String reason, String detail) {
            return new Checked<>(null, reason, detail == null || detail.length() <= 300 ? detail : detail.substring(0, 300) + "...");
        }

        boolean isOk() {
            return reason == null;
        }

        /** The value as a list of at most one, counting and logging a skipped record: for flatMapValues. */
        List<T> countedIn(DriftMeters meters, String topic) {
            if (isOk()) {
                return value == null ? List.of() : List.of(value);
            }
            meters.recordSkipped(topic, reason);
            log.debug("{} record skipped ({}): {}", topic, reason, detail);
            return List.of();
        }
    }

    static Checked<PredictionRecord> prediction(Task task, String key, byte[] bytes) {
        if (bytes == null) {
            return Checked.skipped(DriftMeters.TOMBSTONE, "null value");
        }
        Parsed<PredictionRecord> parsed = PREDICTION.read(bytes);
        if (!parsed.isOk()) {
            return Checked.skipped(DriftMeters.INVALID, parsed.reason());
        }
        PredictionRecord p = parsed.value();
        List<ModelOutput> outputs = new ArrayList<>(p.shadows());
        outputs.add(p.served());
        for (ModelOutput o : outputs) {
            for (Double s : o.scores()) {
                if (s == null || !(s >= 0.0 && s <= 1.0)) {
                    return Checked.skipped(DriftMeters.INVALID, o.version() + ": class probability " + s + " not in [0, 1]");
                }
            }
        }
        if (!task.id().equals(p.task())) {
            return Checked.skipped(DriftMeters.WRONG_TASK, "a " + p.task() + " prediction");
        }
        if (!Objects.equals(key, p.requestId())) {
            return Checked.skipped(DriftMeters.KEY_MISMATCH, "key is not the requestId " + p.requestId());
        }
        return Checked.ok(p);
    }

    static Checked<RollingMetrics> rolling(String key, byte[] bytes) {
        if (bytes == null) {
            return Checked.skipped(DriftMeters.TOMBSTONE, "null value");
        }
        Parsed<RollingMetrics> parsed = ROLLING.read(bytes);
        if (!parsed.isOk()) {
            return Checked.skipped(DriftMeters.INVALID, parsed.reason());
        }
        RollingMetrics m = parsed.value();
        if (!Objects.equals(key, RollingMetrics.key(m.task(), m.family(), m.version(), m.alias(), m.windowStart()))) {
            return Checked.skipped(DriftMeters.KEY_MISMATCH, "key is not task/family/version/alias/windowStart of the body");
        }
        return Checked.ok(m);
    }

    /** A model version; a null value (tombstone) is ok with a null value, and needs a key. */
    static Checked<ModelVersion> model(String key, byte[] bytes) {
        if (key == null) {
            return Checked.skipped(DriftMeters.KEY_MISMATCH, "no key");
        }
        if (bytes == null) {
            return Checked.ok(null);
        }
        Parsed<ModelVersion> parsed = MODEL.read(bytes);
        if (!parsed.isOk()) {
            return Checked.skipped(DriftMeters.INVALID, parsed.reason());
        }
        if (!key.equals(parsed.value().version())) {
            return Checked.skipped(DriftMeters.KEY_MISMATCH, "key is not the version " + parsed.value().version());
        }
        return Checked.ok(parsed.value());
    }

    /** An alias assignment; a null value (tombstone) is ok with a null value, and needs a key. */
    static Checked<AliasAssignment> alias(String key, byte[] bytes) {
        if (key == null) {
            return Checked.skipped(DriftMeters.KEY_MISMATCH, "no key");
        }
        if (bytes == null) {
            return Checked.ok(null);
        }
        Parsed<AliasAssignment> parsed = ALIAS.read(bytes);
        if (!parsed.isOk()) {
            return Checked.skipped(DriftMeters.INVALID, parsed.reason());
        }
        if (!key.equals(parsed.value().key())) {
            return Checked.skipped(DriftMeters.KEY_MISMATCH, "key is not task/family/alias " + parsed.value().key());
        }
        return Checked.ok(parsed.value());
    }
}
