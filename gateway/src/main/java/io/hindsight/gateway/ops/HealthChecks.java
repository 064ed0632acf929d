package io.hindsight.gateway.ops;

import java.util.Map;
import reactor.core.publisher.Mono;

/** The gateway's own readiness checks (kafka, topics, and with the routes on: model, replies). */
@FunctionalInterface
public interface HealthChecks {
    Mono<Map<String, Boolean>> checks();
}
