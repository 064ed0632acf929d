package io.hindsight.gateway.rps;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.WebSocketUpgrade;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/**
 * One player's socket. Frames in:
 * <ul>
 *   <li>{@code {"type":"start","easy"?,"family"?}}: a new game; it becomes the socket's game</li>
 *   <li>{@code {"type":"move","round","move","gameId"?}}: a move in the socket's game (or the one named)</li>
 *   <li>{@code {"type":"resume","gameId"}}: the socket's game becomes that one, its state is sent</li>
 * </ul>
 * Each is answered with {@code {"type":"state","game":<RpsGameView>}} or {@code {"type":"error","status","code"?,
 * "reason","game"?}}, status being what the HTTP route would have answered (400, 404, 409, 503, 504); the socket
 * stays open, except after a frame over the limit (closed 1009) or not UTF-8 (closed 1007), whose close status
 * carries the reason. Thread-safe: frames come from the socket's thread, answers from Kafka's.
 */
final class RpsLiveSession {
    private static final Logger log = LoggerFactory.getLogger(RpsLiveSession.class);

    private final RpsGames games;
    private final RpsMetrics metrics;
    private final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
    private volatile String gameId;

    RpsLiveSession(RpsGames games, RpsMetrics metrics) {
        this.games = games;
        this.metrics = metrics;
    }

    Flux<String> frames() {
        return out.asFlux();
    }

    void receive(String text) {
        JsonNode frame;
        String type;
        try {
            frame = RpsRequests.object(text.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            metrics.received("other");
            fail(e);
            return;
        }
        type = frame.path("type").isString() ? frame.get("type").asString() : "";
        metrics.received(RpsMetrics.IN_TYPES.contains(type) ? type : "other");
        try {
            switch (type) {
                case "start" -> {
                    RpsRequests.Start s = RpsRequests.start(frame);
                    games.start(s.easy(), s.family()).subscribe(v -> {
                        gameId = v.gameId();
                        state(v);
                    }, this::fail);
                }
                case "move" -> {
                    RpsRequests.Play p = RpsRequests.play(frame);
                    String id = frame.hasNonNull("gameId") ? RpsRequests.gameId(frame.get("gameId")) : gameId;
                    if (id == null) {
                        error(409, "no-game", "no game on this socket: send {\"type\":\"start\"} or {\"type\":\"resume\",\"gameId\"}", null);
                        return;
                    }
                    games.move(id, p.round(), p.move()).subscribe(this::state, this::fail);
                }
                case "resume" -> {
                    String id = RpsRequests.gameId(frame.get("gameId"));
                    RpsGameView v = games.get(id);
                    gameId = id;
                    state(v);
                }
                default -> error(400, "unknown-type", "unknown frame type '" + WebSocketUpgrade.quoted(type)
                        + "': send {\"type\":\"start\"}, {\"type\":\"move\",\"round\",\"move\"} or {\"type\":\"resume\",\"gameId\"}", null);
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** A binary frame: the protocol is JSON text. */
    void receiveBinary() {
        metrics.received("other");
        error(400, "binary", "send JSON text frames, not binary ones", null);
    }

    /**
     * A frame the server refused while decoding it (too large: 1009, counted as 413; not UTF-8 or breaking the
     * protocol: 1007/1002, counted as 400). The socket closes with that status: no error frame can follow.
     */
    void refused(CloseStatus status) {
        metrics.received("other");
        metrics.failed(status.getCode() == CloseStatus.TOO_BIG_TO_PROCESS.getCode() ? 413 : 400);
    }

    void close() {
        synchronized (out) {
            out.tryEmitComplete();
        }
    }

    private void state(RpsGameView v) {
        emit("state", new StateFrame("state", v));
    }

    private void fail(Throwable e) {
        if (e instanceof HttpRejection r) {
            JsonNode body = Json.tree(r.body());
            RpsGameView game = body.hasNonNull("game") ? Json.convert(body.get("game"), RpsGameView.class) : null;
            String code = body.path("code").isString() ? body.get("code").asString() : null;
            String reason = body.path("message").isString() ? body.get("message").asString() : r.detail();
            error(r.status().value(), code, reason, game);
        } else if (e instanceof BusUnavailableException) {
            error(503, "unavailable", "kafka unavailable: " + e.getMessage() + "; try again in a moment", null);
        } else {
            log.error("live rps frame failed", e);
            error(500, "internal", "internal error", null);
        }
    }

    private void error(int status, String code, String reason, RpsGameView game) {
        metrics.failed(status);
        emit("error", new ErrorFrame("error", status, code, reason, game));
    }

    private void emit(String type, Object frame) {
        String text = Json.writeString(frame);
        synchronized (out) { // one emission at a time: they come from the socket's and Kafka's threads
            if (out.tryEmitNext(text).isSuccess()) {
                metrics.sent(type);
            }
        }
    }

    @JsonPropertyOrder({"type", "game"})
    record StateFrame(String type, RpsGameView game) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "status", "code", "reason", "game"})
    record ErrorFrame(String type, int status, String code, String reason, RpsGameView game) {
    }
}
