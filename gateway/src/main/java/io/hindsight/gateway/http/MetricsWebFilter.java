package io.hindsight.gateway.http;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Counts and times every request by route and status, and keeps the in-flight gauge. A WebSocket is counted
 * once, when it closes, with the time it was open; it is not an in-flight request (its own meters tell).
 */
public final class MetricsWebFilter implements WebFilter {
    /** Status recorded when the client went away before the answer. */
    static final int CLIENT_CLOSED = 499;

    private final HttpMetrics metrics;
    private final RouteNames routes;

    public MetricsWebFilter(HttpMetrics metrics, RouteNames routes) {
        this.metrics = metrics;
        this.routes = routes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String route = routes.of(exchange.getRequest().getPath().pathWithinApplication().value());
        long start = System.nanoTime();
        boolean socket = "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getFirst(HttpHeaders.UPGRADE));
        if (!socket) {
            metrics.inFlight().incrementAndGet();
        }
        return chain.filter(exchange).doFinally(signal -> {
            if (!socket) {
                metrics.inFlight().decrementAndGet();
            }
            metrics.record(route, status(exchange, signal), System.nanoTime() - start);
        });
    }

    private static int status(ServerWebExchange exchange, SignalType signal) {
        if (signal == SignalType.CANCEL) {
            return CLIENT_CLOSED;
        }
        if (signal == SignalType.ON_ERROR) {
            return 500; // the exception handler outside this filter answers it
        }
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status == null ? 200 : status.value();
    }
}
