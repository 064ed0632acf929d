package io.hindsight.gateway.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.server.WebSocketService;
import reactor.core.publisher.Mono;

/**
 * The checks in front of a WebSocket route: a plain GET is answered 426, a handshake from a page of another
 * origin 403 (a browser sends its page's origin; another site must not play in the user's name). And what both
 * live sockets share about frames they cannot read: one over the limit or a fragmented message past it closes the
 * socket with 1009, a text frame that is not UTF-8 with 1007, each with a reason (RFC 6455); every other frame is
 * the session's to answer, with an error frame when it is wrong.
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

    /**
     * The close status of a frame the server refused while decoding it, or null for any other error. Netty refuses
     * a frame over the socket's limit (1009, message too big) and a frame breaking the protocol (1002), and has
     * closed the socket with that status and a reason before the handler sees the error; a fragmented message over
     * the limit is answered 1009 here. The handler counts the frame and ends quietly.
     */
    public static CloseStatus refusedFrame(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException c) {
            WebSocketCloseStatus s = c.closeStatus();
            return new CloseStatus(s == null ? CloseStatus.PROTOCOL_ERROR.getCode() : s.code(), c.getMessage());
        }
        if (e instanceof TooLongFrameException t) {
            return new CloseStatus(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), t.getMessage());
        }
        return null;
    }

    /** The close status of a text frame that is not UTF-8 (RFC 6455 8.1: the connection is failed with 1007). */
    public static final CloseStatus NOT_UTF8 = new CloseStatus(1007, "text frames must be UTF-8");

    /** The text of a text frame, decoded strictly; null when its bytes are not UTF-8. */
    public static String utf8(WebSocketMessage message) {
        DataBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.readableByteCount()];
        payload.read(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A client's text as an error frame may quote it: at most 64 characters. */
    public static String quoted(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
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
