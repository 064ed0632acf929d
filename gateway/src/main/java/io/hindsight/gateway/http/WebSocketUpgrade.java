package io.hindsight.gateway.http;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import reactor.core.publisher.Mono;

/**
 * The checks in front of a WebSocket route: a plain GET is answered 426, a handshake from a page of another
 * origin 403 (a browser sends its page's origin; another site must not play in the user's name).
 */
public final class WebSocketUpgrade {
    private WebSocketUpgrade() {
    }

    public static Mono<ServerResponse> handle(ServerRequest request, String route, WebSocketService sockets,
                                              WebSocketHandler handler) {
        String upgrade = request.headers().firstHeader(HttpHeaders.UPGRADE);
        if (!"websocket".equalsIgnoreCase(upgrade)) {
            return Mono.error(new HttpRejection(HttpStatus.UPGRADE_REQUIRED, RejectReason.MALFORMED,
                    HttpRejection.error("upgrade required", "GET " + route + " is a WebSocket: connect with a WebSocket client"),
                    Map.of(HttpHeaders.UPGRADE, "websocket", HttpHeaders.CONNECTION, "Upgrade")));
        }
        String origin = request.headers().firstHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, request)) {
            return Mono.error(new HttpRejection(HttpStatus.FORBIDDEN, RejectReason.FORBIDDEN,
                    HttpRejection.error("forbidden", "WebSocket from another origin: " + origin)));
        }
        return ServerResponse.status(HttpStatus.SWITCHING_PROTOCOLS)
                .build((exchange, context) -> sockets.handleRequest(exchange, handler));
    }

    /** The origin must be this host and port (proxies keep the Host header). */
    public static boolean sameOrigin(String origin, ServerRequest request) {
        String host = request.headers().firstHeader(HttpHeaders.HOST);
        try {
            URI o = URI.create(origin);
            return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
