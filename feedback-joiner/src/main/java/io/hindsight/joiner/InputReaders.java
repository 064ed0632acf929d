package io.hindsight.joiner;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * How the joiner reads its two raw inputs. Each refuses what it cannot use with field errors for the DLQ:
 * beyond the JSON Schemas, feedback whose time is no plausible epoch-seconds time (past year 9999: a
 * millisecond timestamp by mistake, or 1e300), and predictions that are not keyed by their request id (the
 * join's state and partitioning are by key), are for another task, or carry negative times.
 */
final class InputReaders {
    /** 9999-12-31T23:59:59Z: a later event time is no time at all (e.g. epoch milliseconds sent as seconds). */
    static final long MAX_EVENT_TIME_MS = 253_402_300_799_000L;
    private static final WireReader<PredictionRecord> PREDICTION =
            new WireReader<>(Topics.calories().predictions().schema(), PredictionRecord.class);

    private InputReaders() {
    }

    static ValidateRecordProcessor.Reader<GroundTruth> feedback(TaskProfile profile) {
        return (key, value, ts) -> {
            Parsed<GroundTruth> parsed = profile.reader().read(value, ts);
            if (!parsed.isOk()) {
                return parsed;
            }
            long event = parsed.value().eventTimeMs();
            if (event < 0 || event > MAX_EVENT_TIME_MS) {
                return Parsed.failed(List.of(new FieldError("ts", "must be epoch seconds up to 9999-12-31 ("
                        + MAX_EVENT_TIME_MS / 1000 + "), was " + event / 1000.0)));
            }
            return parsed;
        };
    }

    static ValidateRecordProcessor.Reader<PredictionRecord> predictions(Task task) {
        return (key, value, ts) -> {
            if (value == null) {
                return Parsed.failed(List.of(new FieldError("$", "null value: a prediction is never deleted")));
            }
            if (value.length == 0) {
                return Parsed.failed(List.of(new FieldError("$", "empty value; expected a JSON object")));
            }
            JsonNode node;
            try {
                node = Json.tree(value);
            } catch (JacksonException e) {
                return Parsed.failed(List.of(new FieldError("$", "malformed JSON: " + e.getOriginalMessage())));
            }
            Parsed<PredictionRecord> parsed = PREDICTION.read(node);
            if (!parsed.isOk()) {
                return parsed;
            }
            PredictionRecord p = parsed.value();
            if (!task.id().equals(p.task())) {
                return failed("task", "must be " + task.id() + ", was " + p.task());
            }
            if (p.requestId().isEmpty()) {
                return failed("requestId", "must not be empty");
            }
            if (key == null) {
                return failed("key", "missing: a prediction is keyed by its request id");
            }
            String k = new String(key, StandardCharsets.UTF_8);
            if (!k.equals(p.requestId())) {
                return failed("key", "must be the request id \"" + abbreviate(p.requestId()) + "\", was \"" + abbreviate(k) + "\"");
            }
            if (p.requestTs() < 0 || p.predictedTs() < 0) {
                return failed("predictedTs", "times must be epoch milliseconds >= 0");
            }
            if (p.served() == null || !finite(p.served()) || p.shadows().stream().anyMatch(s -> s == null || !finite(s))) {
                return failed("served", "every output needs a finite value and scores");
            }
            return parsed;
        };
    }

    private static boolean finite(ModelOutput o) {
        return Double.isFinite(o.value()) && o.scores().stream().allMatch(s -> s != null && Double.isFinite(s));
    }

    private static <T> Parsed<T> failed(String field, String message) {
        return Parsed.failed(List.of(new FieldError(field, message)));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
