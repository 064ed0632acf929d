package io.hindsight.gateway.http;

import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.bus.NoModelException;
import io.hindsight.gateway.bus.PredictionTimeoutException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Turns every error a handler signals into a JSON answer and counts the rejections, so the metrics filter
 * sees the real status and no request ends in a bare 500. Kafka trouble is 503 with Retry-After.
 */
public final class ErrorMapping implements HandlerFilterFunction<ServerResponse, ServerResponse> {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);
    /** Seconds a client should wait before retrying after a 503. */
    public static final String RETRY_AFTER_SECONDS = "1";
    /** A first-start model takes a minute or so. */
    public static final String NO_MODEL_RETRY_AFTER_SECONDS = "10";

    private final HttpMetrics metrics;
    private final RouteNames routes;

    public ErrorMapping(HttpMetrics metrics, RouteNames routes) {
        this.metrics = metrics;
        this.routes = routes;
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        Mono<ServerResponse> answer;
        try {
            answer = next.handle(request);
        } catch (RuntimeException e) {
            answer = Mono.error(e);
        }
        return answer.onErrorResume(e -> respond(request, e));
    }

    Mono<ServerResponse> respond(ServerRequest request, Throwable e) {
        HttpRejection r = toRejection(e);
        if (r.reason() != null) {
            metrics.rejected(routes.of(request.requestPath().pathWithinApplication().value()), r.reason());
        }
        if (r.status().is5xxServerError() && r.reason() == null) {
            log.error("{} {} failed", request.method(), request.path(), e);
        }
        return ServerResponse.status(r.status())
                .headers(h -> r.headers().forEach(h::set))
                .contentType(MediaType.APPLICATION_JSON)
                .contentLength(r.body().length)
                .body(JsonResponses.inserter(r.body()));
    }

    /** The JSON answer to an error; package-visible for the last-resort exception handler. */
    static HttpRejection toRejection(Throwable e) {
        if (e instanceof HttpRejection r) {
            return r;
        }
        if (e instanceof NoModelException) {
            return new HttpRejection(HttpStatus.SERVICE_UNAVAILABLE, RejectReason.NO_MODEL,
                    HttpRejection.error("no model", e.getMessage()), Map.of(HttpHeaders.RETRY_AFTER, NO_MODEL_RETRY_AFTER_SECONDS));
        }
        if (e instanceof BusUnavailableException) {
            return new HttpRejection(HttpStatus.SERVICE_UNAVAILABLE, RejectReason.UNAVAILABLE,
                    HttpRejection.error("kafka unavailable", e.getMessage() + "; retry after " + RETRY_AFTER_SECONDS + " s"),
                    Map.of(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        if (e instanceof PredictionTimeoutException) {
            return new HttpRejection(HttpStatus.GATEWAY_TIMEOUT, RejectReason.TIMEOUT,
                    HttpRejection.error("timeout", e.getMessage()));
        }
        if (e instanceof ResponseStatusException rse) {
            HttpStatusCode code = rse.getStatusCode();
            HttpStatus status = HttpStatus.resolve(code.value());
            return new HttpRejection(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status, null,
                    HttpRejection.error(status == null ? "error" : status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT),
                            rse.getReason() == null ? rse.getMessage() : rse.getReason()));
        }
        return new HttpRejection(HttpStatus.INTERNAL_SERVER_ERROR, null,
                HttpRejection.error("internal error", e.getClass().getSimpleName()));
    }
}
