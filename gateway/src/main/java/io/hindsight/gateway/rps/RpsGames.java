package io.hindsight.gateway.rps;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RoundLog;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.RejectReason;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Playing rps through Kafka, shared by the HTTP routes and the live socket: a command goes to rps.moves, the
 * answer is the next game state the game processor writes to rps.games. Every refusal is an
 * {@link HttpRejection} whose body has {@code error}, {@code code} (a stable word to branch on), {@code message}
 * and, when the game is known, {@code game}: the state the client should resync to.
 */
public final class RpsGames {
    /** Refusal codes: the {@code code} of a 404 or 409 body, the {@code code} of an error frame. */
    public static final String UNKNOWN_GAME = "unknown-game";
    public static final String GAME_OVER = "game-over";
    public static final String WRONG_ROUND = "wrong-round";
    public static final String AWAITING_BOT = "awaiting-bot";
    public static final String ALREADY_PLAYED = "already-played";
    public static final String MOVE_IN_FLIGHT = "move-in-flight";
    public static final String TIMEOUT = "timeout";

    /** A move this gateway sent and still waits on, so that a second, different move for the round is refused. */
    private record InFlight(int round, Move move) {
    }

    private final RpsBackend backend;
    private final Duration timeout;
    private final RpsMetrics metrics;
    private final Map<String, InFlight> moving = new ConcurrentHashMap<>();

    public RpsGames(RpsBackend backend, Duration timeout, RpsMetrics metrics) {
        this.backend = backend;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    public GameViews views() {
        return backend.views();
    }

    /** Starts a game with a new id and answers its first state with the bot's round-1 commitment. */
    public Mono<RpsGameView> start(boolean easy, String family) {
        return Mono.defer(() -> {
            requireReady();
            String gameId = newGameId();
            Mono<Void> send = backend.send(stamped(RpsCommand.start(gameId, easy, family))).doOnSuccess(v -> metrics.started());
            return backend.views().awaitAfter(send, gameId, v -> !RpsGame.AWAITING_BOT.equals(v.status()), timeout)
                    .onErrorMap(TimeoutException.class, e -> timedOut("start", gameId,
                            "game " + gameId + " was asked to start but no state came back within " + timeout.toSeconds()
                                    + " s; GET /v1/rps/games/" + gameId + " later, or start another"));
        });
    }

    /** The latest state; 404 when this gateway does not know the game. */
    public RpsGameView get(String gameId) {
        RpsGameView v = backend.views().get(gameId);
        if (v == null) {
            throw unknown(gameId);
        }
        return v;
    }

    /**
     * Plays the move in the round and answers the next state with the round resolved: the next commitment, or
     * the winner. Replaying a move already played (a retry after a timeout) answers the current state.
     */
    public Mono<RpsGameView> move(String gameId, int round, Move move) {
        return Mono.defer(() -> {
            requireReady();
            RpsGameView now = get(gameId);
            RoundLog played = now.rounds().stream().filter(r -> r.round() == round).findFirst().orElse(null);
            if (played != null) {
                if (!played.player().equals(move.id())) {
                    throw conflict(ALREADY_PLAYED, now, "round " + round + " was already played with " + played.player()
                            + "; the round in play is " + now.round());
                }
                // a retry of a move that made it: answer the state after it, once the bot has committed again
                return backend.views().awaitAfter(Mono.empty(), gameId, v -> !RpsGame.AWAITING_BOT.equals(v.status()),
                        timeout).onErrorMap(TimeoutException.class, e -> timedOut("move", gameId,
                        "round " + round + " was played but the bot has not committed to the next one yet; retry"));
            }
            if (now.finished()) {
                throw conflict(GAME_OVER, now, "game " + gameId + " is over: the " + now.winner() + " won");
            }
            if (RpsGame.AWAITING_BOT.equals(now.status())) {
                throw conflict(AWAITING_BOT, now, "the bot has not committed to round " + now.round()
                        + " yet; retry in a moment");
            }
            if (round != now.round()) {
                throw conflict(WRONG_ROUND, now, "round " + round + " is not in play; the round in play is " + now.round());
            }
            InFlight mine = new InFlight(round, move);
            InFlight other = moving.putIfAbsent(gameId, mine);
            if (other != null && !other.equals(mine)) {
                throw conflict(MOVE_IN_FLIGHT, now, "a move (" + other.move().id() + ") for round " + other.round()
                        + " is already being played");
            }
            long seq = now.seq();
            Mono<Void> send = backend.send(stamped(RpsCommand.move(gameId, round, move)));
            return backend.views().awaitAfter(send, gameId,
                            v -> v.seq() > seq && !RpsGame.AWAITING_BOT.equals(v.status()), timeout)
                    .onErrorMap(TimeoutException.class, e -> timedOut("move", gameId, "no answer to the move in round "
                            + round + " within " + timeout.toSeconds() + " s; it stays queued: retry the same move"))
                    // released before the answer goes downstream (doFinally would run after it, and a quick
                    // client's next move could still find this one in flight)
                    .doOnSuccess(v -> release(gameId, mine, other))
                    .doOnError(e -> release(gameId, mine, other))
                    .doOnCancel(() -> release(gameId, mine, other));
        });
    }

    private void release(String gameId, InFlight mine, InFlight other) {
        if (other == null) {
            moving.remove(gameId, mine);
        }
    }

    /** The command with the time the player acted, epoch seconds. */
    private static RpsCommand stamped(RpsCommand c) {
        return new RpsCommand(c.gameId(), c.type(), c.round(), c.move(), c.easy(), c.family(),
                System.currentTimeMillis() / 1000.0);
    }

    /** A game id: a random UUID matches the contract's ^[A-Za-z0-9._-]{1,64}$. */
    static String newGameId() {
        return UUID.randomUUID().toString();
    }

    private void requireReady() {
        if (!backend.isReady()) {
            throw new BusUnavailableException("the gateway is not following rps.games yet");
        }
    }

    private HttpRejection timedOut(String step, String gameId, String message) {
        metrics.timedOut(step);
        Map<String, Object> body = body("timeout", TIMEOUT, message);
        body.put("gameId", gameId);
        return new HttpRejection(org.springframework.http.HttpStatus.GATEWAY_TIMEOUT, RejectReason.TIMEOUT, body);
    }

    static HttpRejection unknown(String gameId) {
        Map<String, Object> body = body("not found", UNKNOWN_GAME, "no game '" + gameId
                + "' here: start one with POST /v1/rps/games (only the newest games are kept)");
        body.put("gameId", gameId);
        return new HttpRejection(org.springframework.http.HttpStatus.NOT_FOUND, null, body);
    }

    private static HttpRejection conflict(String code, RpsGameView game, String message) {
        Map<String, Object> body = body("conflict", code, message);
        body.put("game", game);
        return new HttpRejection(org.springframework.http.HttpStatus.CONFLICT, null, body);
    }

    private static Map<String, Object> body(String error, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("code", code);
        m.put("message", message);
        return m;
    }
}
