package io.hindsight.gateway.http;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** One task's {@code /v1/{task}/...} routes. */
public interface TaskEndpoints {
    /** POST /v1/{task}/predict */
    Mono<ServerResponse> predict(ServerRequest request);

    /** POST /v1/{task}/feedback */
    Mono<ServerResponse> feedback(ServerRequest request);
}
