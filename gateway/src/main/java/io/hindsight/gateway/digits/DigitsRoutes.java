package io.hindsight.gateway.digits;

import io.hindsight.gateway.bus.TaskBus;
import io.hindsight.gateway.http.ClasspathPage;
import io.hindsight.gateway.http.GatewayRoutes;
import io.hindsight.gateway.http.RouteGroup;
import io.hindsight.gateway.http.TaskEndpoints;
import io.hindsight.gateway.http.WebSocketUpgrade;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The digits product: predict and feedback, the accuracy view, the live socket and the page.
 * <ul>
 *   <li>{@code POST /v1/digits/predict}, {@code POST /v1/digits/feedback}: {@link DigitsHandler}</li>
 *   <li>{@code GET /v1/digits/accuracy}: {@link DigitsAccuracy} as JSON</li>
 *   <li>{@code GET /v1/digits/live}: the WebSocket, {@link LiveSession} describes its frames; a request that is
 *       not a WebSocket handshake is answered 426, one from a page of another origin 403</li>
 *   <li>{@code GET /digits} and its CSS and script: {@link ClasspathPage}</li>
 * </ul>
 */
public final class DigitsRoutes implements RouteGroup {
    public static final String TASK = "digits";
    public static final String ACCURACY = "/v1/digits/accuracy";
    public static final String LIVE = "/v1/digits/live";

    private final DigitsHandler handler;
    private final LiveSocket live;
    private final ClasspathPage page = new ClasspathPage("digits");
    private final WebSocketService sockets;

    /**
     * A predict body may be a whole canvas bitmap (a 280x280 canvas is 78,400 numbers): at least this much is
     * taken, more when the gateway's body limit is higher. Feedback bodies ({"id","label"}) take the gateway's limit.
     */
    public static final int MIN_BODY_BYTES = 1024 * 1024;

    /** @param maxBodyBytes the gateway's JSON body limit: the largest WebSocket frame (strokes only) */
    public DigitsRoutes(TaskBus bus, DigitsAccuracy accuracy, int maxBodyBytes, Duration requestTimeout,
                        MeterRegistry registry) {
        int maxFrameBytes = maxBodyBytes;
        this.handler = new DigitsHandler(bus, accuracy, Math.max(maxBodyBytes, MIN_BODY_BYTES), maxBodyBytes,
                requestTimeout);
        this.live = new LiveSocket(handler.exchange(), accuracy, new LiveMetrics(registry, LIVE));
        this.sockets = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrameBytes)));
    }

    @Override
    public Map<String, TaskEndpoints> tasks() {
        return Map.of(TASK, handler);
    }

    @Override
    public Map<String, HttpMethod> methods() {
        Map<String, HttpMethod> m = new LinkedHashMap<>();
        m.put(ACCURACY, HttpMethod.GET);
        m.put(LIVE, HttpMethod.GET);
        for (String p : page.paths()) {
            m.put(p, HttpMethod.GET);
        }
        return m;
    }

    @Override
    public void addRoutes(RouterFunctions.Builder routes) {
        routes.route(GatewayRoutes.read(ACCURACY), handler::accuracy);
        routes.GET(LIVE, this::live);
        for (String p : page.paths()) {
            routes.route(GatewayRoutes.read(p), page::get);
        }
    }

    /** Closes every live socket (the server is stopping). */
    public void closeSockets() {
        live.closeAll();
    }

    public LiveSocket live() {
        return live;
    }

    private Mono<ServerResponse> live(ServerRequest request) {
        return WebSocketUpgrade.handle(request, LIVE, sockets, live);
    }
}
