package io.hindsight.gateway.rps;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.gateway.http.ClasspathPage;
import io.hindsight.gateway.http.GatewayRoutes;
import io.hindsight.gateway.http.JsonResponses;
import io.hindsight.gateway.http.RequestBodies;
import io.hindsight.gateway.http.RouteGroup;
import io.hindsight.gateway.http.TaskEndpoints;
import io.hindsight.gateway.http.WebSocketUpgrade;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The rock-paper-scissors product. The game processor owns the games; these routes write commands to
 * {@code rps.moves} and answer with the state it then writes to {@code rps.games} ({@link RpsGames}).
 * <ul>
 *   <li>{@code POST /v1/rps/games} {@code {"easy"?,"family"?}}: 201 the new game, the bot committed to round 1,
 *       with Location; 400 bad body; 504 no state in time; 503 Kafka unavailable</li>
 *   <li>{@code GET /v1/rps/games/{id}}: 200 the latest state; 404 unknown</li>
 *   <li>{@code POST /v1/rps/games/{id}/moves} {@code {"round","move"}}: 200 the state with the round resolved;
 *       400 bad body; 404 unknown game; 409 over, another round in play, or the bot not committed yet; 504</li>
 *   <li>{@code GET /v1/rps/stats}: wins per family and alias over the games this gateway saw finish</li>
 *   <li>{@code GET /v1/rps/live}: the WebSocket, {@link RpsLiveSession} describes its frames</li>
 *   <li>{@code GET /rps} and its CSS and script: {@link ClasspathPage}</li>
 * </ul>
 * Refusal bodies are {@code {"error","code","message","game"?}}, {@code code} one of {@link RpsGames}' codes.
 */
public final class RpsRoutes implements RouteGroup {
    public static final String GAMES = "/v1/rps/games";
    public static final String GAME = "/v1/rps/games/{id}";
    public static final String MOVES = "/v1/rps/games/{id}/moves";
    public static final String STATS = "/v1/rps/stats";
    public static final String LIVE = "/v1/rps/live";
    /** Start and move bodies are a few fields: the default limit of a body and of a live frame. */
    static final int MAX_BODY_BYTES = 4096;

    private final RpsGames games;
    private final RpsLiveSocket live;
    private final ClasspathPage page = new ClasspathPage("rps");
    private final RequestBodies bodies;
    private final WebSocketService sockets;

    /**
     * @param backend null: no Kafka, the game routes answer 503
     * @param timeout how long a start or a move waits for the game processor's answer
     */
    public RpsRoutes(RpsBackend backend, Duration timeout, MeterRegistry registry) {
        this(backend, timeout, registry, MAX_BODY_BYTES);
    }

    /** @param maxBodyBytes the largest start or move body, and the largest live-socket frame */
    public RpsRoutes(RpsBackend backend, Duration timeout, MeterRegistry registry, int maxBodyBytes) {
        this.bodies = new RequestBodies(maxBodyBytes);
        RpsBackend b = Objects.requireNonNullElseGet(backend, RpsBackend::unavailable);
        RpsMetrics metrics = new RpsMetrics(registry, b.views(), LIVE);
        this.games = new RpsGames(b, timeout, metrics);
        this.live = new RpsLiveSocket(games, metrics);
        this.sockets = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxBodyBytes)));
    }

    @Override
    public Map<String, TaskEndpoints> tasks() {
        return Map.of(); // rps is played, not predicted: the game processor asks the predictor
    }

    @Override
    public Map<String, HttpMethod> methods() {
        Map<String, HttpMethod> m = new LinkedHashMap<>();
        m.put(GAMES, HttpMethod.POST);
        m.put(GAME, HttpMethod.GET);
        m.put(MOVES, HttpMethod.POST);
        m.put(STATS, HttpMethod.GET);
        m.put(LIVE, HttpMethod.GET);
        for (String p : page.paths()) {
            m.put(p, HttpMethod.GET);
        }
        return m;
    }

    @Override
    public void addRoutes(RouterFunctions.Builder routes) {
        routes.POST(GAMES, this::start)
                .route(GatewayRoutes.read(GAME), this::game)
                .POST(MOVES, this::move)
                .route(GatewayRoutes.read(STATS), this::stats)
                .GET(LIVE, r -> WebSocketUpgrade.handle(r, LIVE, sockets, live));
        for (String p : page.paths()) {
            routes.route(GatewayRoutes.read(p), page::get);
        }
    }

    public RpsLiveSocket live() {
        return live;
    }

    /** Closes every live socket (the server is stopping). */
    public void closeSockets() {
        live.closeAll();
    }

    Mono<ServerResponse> start(ServerRequest request) {
        return bodies.json(request)
                .map(bytes -> RpsRequests.start(RpsRequests.object(bytes)))
                .flatMap(s -> games.start(s.easy(), s.family()))
                .flatMap(v -> {
                    byte[] body = Json.write(v);
                    return ServerResponse.created(URI.create(GAMES + "/" + v.gameId()))
                            .contentType(MediaType.APPLICATION_JSON)
                            .contentLength(body.length)
                            .body(JsonResponses.inserter(body));
                });
    }

    Mono<ServerResponse> game(ServerRequest request) {
        return view(games.get(request.pathVariable("id")));
    }

    Mono<ServerResponse> move(ServerRequest request) {
        String id = request.pathVariable("id");
        return bodies.json(request)
                .map(bytes -> RpsRequests.play(RpsRequests.object(bytes)))
                .flatMap(p -> games.move(id, p.round(), p.move()))
                .flatMap(RpsRoutes::view);
    }

    Mono<ServerResponse> stats(ServerRequest request) {
        return JsonResponses.json(HttpStatus.OK, Json.write(games.views().stats().snapshot()));
    }

    private static Mono<ServerResponse> view(RpsGameView v) {
        return JsonResponses.json(HttpStatus.OK, Json.write(v));
    }
}
