package io.hindsight.gateway.rps;

import io.hindsight.gateway.http.WebSocketUpgrade;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/** {@code /v1/rps/live}: one {@link RpsLiveSession} per socket. */
public final class RpsLiveSocket implements WebSocketHandler {
    private final RpsGames games;
    private final RpsMetrics metrics;
    private final Map<RpsLiveSession, WebSocketSession> open = new ConcurrentHashMap<>();

    RpsLiveSocket(RpsGames games, RpsMetrics metrics) {
        this.games = games;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> handle(WebSocketSession socket) {
        RpsLiveSession session = new RpsLiveSession(games, metrics);
        open.put(session, socket);
        metrics.opened();
        Mono<Void> input = socket.receive()
                .concatMap(m -> {
                    if (m.getType() == WebSocketMessage.Type.TEXT) {
                        String text = WebSocketUpgrade.utf8(m);
                        if (text == null) {
                            return refused(socket, session, WebSocketUpgrade.NOT_UTF8);
                        }
                        session.receive(text);
                    } else if (m.getType() == WebSocketMessage.Type.BINARY) {
                        session.receiveBinary();
                    }
                    return Mono.empty();
                })
                .then()
                .onErrorResume(e -> refused(socket, session, e))
                .doFinally(s -> session.close());
        Mono<Void> output = socket.send(session.frames().map(socket::textMessage));
        return Mono.when(input, output).doFinally(s -> {
            session.close();
            open.remove(session);
            metrics.closed();
        });
    }

    /** A frame too large or breaking the protocol: counted; the socket is closed with the status saying why. */
    private static Mono<Void> refused(WebSocketSession socket, RpsLiveSession session, Throwable e) {
        CloseStatus status = WebSocketUpgrade.refusedFrame(e);
        return status == null ? Mono.error(e) : refused(socket, session, status);
    }

    /** A frame refused with the socket: counted, then the socket is closed with the status (unless it is already). */
    private static Mono<Void> refused(WebSocketSession socket, RpsLiveSession session, CloseStatus status) {
        session.refused(status);
        return socket.isOpen() ? socket.close(status).onErrorResume(x -> Mono.empty()) : Mono.empty();
    }

    /** Open sockets. */
    public int sessions() {
        return open.size();
    }

    /** Closes every socket with 1001 (going away): the server is stopping. */
    public void closeAll() {
        open.forEach((session, socket) -> {
            session.close();
            socket.close(CloseStatus.GOING_AWAY).subscribe(v -> { }, e -> { });
        });
    }
}
