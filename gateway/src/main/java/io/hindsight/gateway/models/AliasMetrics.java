package io.hindsight.gateway.models;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Alias moves through {@code PUT /v1/models/{task}/{family}/aliases/{alias}}, registered up front at zero:
 * {@code hindsight_model_alias_sets_total{result="accepted"}} and
 * {@code hindsight_model_alias_sets_total{result="rejected",reason}} by {@link Reason}. No task tag: the path's
 * task is the client's text until checked.
 */
final class AliasMetrics {
    static final String SETS = "hindsight.model.alias.sets";

    /** Why an alias move was refused. */
    enum Reason {
        DISABLED, UNAUTHORIZED, INVALID, UNKNOWN_VERSION, CONFLICT, UNAVAILABLE, INTERNAL;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter accepted;
    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);

    AliasMetrics(MeterRegistry registry) {
        accepted = Counter.builder(SETS).description("alias moves, accepted or rejected by reason")
                .tag("result", "accepted").tag("reason", "none").register(registry);
        for (Reason r : Reason.values()) {
            rejected.put(r, Counter.builder(SETS).description("alias moves, accepted or rejected by reason")
                    .tag("result", "rejected").tag("reason", r.tag()).register(registry));
        }
    }

    void accepted() {
        accepted.increment();
    }

    void rejected(Reason reason) {
        rejected.get(reason).increment();
    }
}
