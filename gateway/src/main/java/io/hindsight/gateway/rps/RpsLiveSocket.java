package io.hindsight.gateway.rps;

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
                .doOnNext(m -> {
                    if (m.getType() == WebSocketMessage.Type.TEXT) {
                        session.receive(m.getPayloadAsText());
                    } else if (m.getType() == WebSocketMessage.Type.BINARY) {
                        session.receiveBinary();
                    }
                })
                .doFinally(s -> session.close())
                .then();
        Mono<Void> output = socket.send(session.frames().map(socket::textMessage));
        return Mono.when(input, output).doFinally(s -> {
            session.close();
            open.remove(session);
            metrics.closed();
        });
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
