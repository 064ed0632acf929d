package io.hindsight.gateway.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/** Last resort for errors outside the routes (a filter, the server): a JSON body, never an HTML error page. */
public final class JsonErrorHandler implements WebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(JsonErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        HttpRejection r = ErrorMapping.toRejection(ex);
        if (r.status().is5xxServerError() && r.reason() == null) {
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        }
        response.setStatusCode(r.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(r.body().length);
        r.headers().forEach(response.getHeaders()::set);
        DataBuffer buffer = response.bufferFactory().wrap(r.body());
        return response.writeWith(Mono.just(buffer));
    }
}
