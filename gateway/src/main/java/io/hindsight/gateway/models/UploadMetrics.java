package io.hindsight.gateway.models;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Model uploads, registered up front at zero: {@code hindsight_model_uploads_total{task,result="accepted"}},
 * {@code hindsight_model_uploads_total{task,result="rejected",reason}} by {@link Reason}, and
 * {@code hindsight_model_upload_check_seconds{task}}, the time the check took.
 */
final class UploadMetrics {
    static final String UPLOADS = "hindsight.model.uploads";
    static final String CHECK_TIME = "hindsight.model.upload.check";

    /** Why an upload was refused. */
    enum Reason {
        DISABLED, UNAUTHORIZED, UNSUPPORTED_TYPE, TOO_LARGE, INVALID_PARAMETERS, INVALID_MODEL, UNAVAILABLE, INTERNAL;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter accepted;
    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
    private final Timer check;

    UploadMetrics(MeterRegistry registry, String task) {
        accepted = Counter.builder(UPLOADS).description("model uploads, accepted or rejected by reason")
                .tag("task", task).tag("result", "accepted").tag("reason", "none").register(registry);
        for (Reason r : Reason.values()) {
            rejected.put(r, Counter.builder(UPLOADS).description("model uploads, accepted or rejected by reason")
                    .tag("task", task).tag("result", "rejected").tag("reason", r.tag()).register(registry));
        }
        check = Timer.builder(CHECK_TIME).description("time to check an uploaded model with ONNX Runtime")
                .tag("task", task).register(registry);
    }

    void accepted() {
        accepted.increment();
    }

    void rejected(Reason reason) {
        rejected.get(reason).increment();
    }

    void checked(long millis) {
        check.record(java.time.Duration.ofMillis(millis));
    }
}
