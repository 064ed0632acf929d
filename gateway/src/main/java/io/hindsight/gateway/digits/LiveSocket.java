package io.hindsight.gateway.digits;

import io.hindsight.contracts.digits.DigitsFeedback;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.gateway.http.TaskExchange;
import io.hindsight.gateway.http.WebSocketUpgrade;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/digits/live}: one {@link LiveSession} per socket, with the accuracy view pushed at most every
 * {@link #ACCURACY_EVERY} while it changes (and once on connect). Pushing rather than having the page poll:
 * the socket is open anyway, the page learns of its own answer's score a joiner commit after it was made,
 * and idle pages cost nothing.
 */
public final class LiveSocket implements WebSocketHandler {
    static final Duration ACCURACY_EVERY = Duration.ofMillis(250);

    private final TaskExchange<DigitsRequest, DigitsFeedback> exchange;
    private final DigitsAccuracy accuracy;
    private final LiveMetrics metrics;
    private final Map<LiveSession, WebSocketSession> open = new ConcurrentHashMap<>();

    public LiveSocket(TaskExchange<DigitsRequest, DigitsFeedback> exchange, DigitsAccuracy accuracy, LiveMetrics metrics) {
        this.exchange = exchange;
        this.accuracy = accuracy;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> handle(WebSocketSession socket) {
        LiveSession session = new LiveSession(exchange, metrics);
        open.put(session, socket);
        metrics.opened();
        Disposable pushes = accuracy.updates(ACCURACY_EVERY).subscribe(session::accuracy);
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
            pushes.dispose();
            session.close();
            open.remove(session);
            metrics.closed();
        });
    }

    /** A frame too large or breaking the protocol: counted; the socket is closed with the status saying why. */
    private static Mono<Void> refused(WebSocketSession socket, LiveSession session, Throwable e) {
        CloseStatus status = WebSocketUpgrade.refusedFrame(e);
        return status == null ? Mono.error(e) : refused(socket, session, status);
    }

    /** A frame refused with the socket: counted, then the socket is closed with the status (unless it is already). */
    private static Mono<Void> refused(WebSocketSession socket, LiveSession session, CloseStatus status) {
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
