package io.hindsight.gateway.rps;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rps meters, registered up front so they show at zero. Prometheus names:
 * <ul>
 *   <li>{@code hindsight_gateway_rps_games_started_total}: start commands Kafka took from this gateway</li>
 *   <li>{@code hindsight_gateway_rps_waits_timedout_total{step="start|move"}}: requests answered 504 (or a
 *       timeout frame) because no game state came in time</li>
 *   <li>{@code hindsight_gateway_rps_games_cached}, {@code hindsight_gateway_rps_waiting}: games held, requests waiting</li>
 *   <li>{@code hindsight_ws_sessions{route="/v1/rps/live"}}, {@code hindsight_ws_frames_total{route,direction,type}},
 *       {@code hindsight_ws_errors_total{route,reason}}: the live socket, named like the digits socket's; the
 *       reason is the HTTP status the frame stands for (413: a frame over the limit, the socket closed 1009)</li>
 * </ul>
 */
public final class RpsMetrics {
    public static final String STARTED = "hindsight.gateway.rps.games.started";
    public static final String TIMED_OUT = "hindsight.gateway.rps.waits.timedout";
    public static final String CACHED = "hindsight.gateway.rps.games.cached";
    public static final String WAITING = "hindsight.gateway.rps.waiting";
    static final List<String> IN_TYPES = List.of("start", "move", "resume", "other");
    static final List<String> OUT_TYPES = List.of("state", "error");
    /** The reason tag of an error frame: the HTTP status it stands for. */
    static final List<Integer> ERROR_STATUSES = List.of(400, 404, 409, 413, 429, 500, 503, 504);

    private final Counter started;
    private final Map<String, Counter> timedOut = new ConcurrentHashMap<>();
    private final AtomicInteger sockets = new AtomicInteger();
    private final Map<String, Counter> in = new ConcurrentHashMap<>();
    private final Map<String, Counter> out = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> errors = new ConcurrentHashMap<>();

    public RpsMetrics(MeterRegistry registry, GameViews views, String liveRoute) {
        started = Counter.builder(STARTED).description("rps games started through this gateway").register(registry);
        for (String step : List.of("start", "move")) {
            timedOut.put(step, Counter.builder(TIMED_OUT).description("rps requests with no game state in time")
                    .tag("step", step).register(registry));
        }
        Gauge.builder(CACHED, views, GameViews::size).description("rps games held by the gateway").register(registry);
        Gauge.builder(WAITING, views, GameViews::waiting).description("rps requests waiting for a game state")
                .register(registry);
        Gauge.builder("hindsight.ws.sessions", sockets, AtomicInteger::get).description("open WebSocket sessions")
                .tag("route", liveRoute).register(registry);
        for (String t : IN_TYPES) {
            in.put(t, frames(registry, liveRoute, "in", t));
        }
        for (String t : OUT_TYPES) {
            out.put(t, frames(registry, liveRoute, "out", t));
        }
        for (int status : ERROR_STATUSES) {
            errors.put(status, Counter.builder("hindsight.ws.errors").description("WebSocket frames answered with an error, by reason")
                    .tag("route", liveRoute).tag("reason", Integer.toString(status)).register(registry));
        }
    }

    private static Counter frames(MeterRegistry registry, String route, String direction, String type) {
        return Counter.builder("hindsight.ws.frames").description("WebSocket frames by direction and type")
                .tag("route", route).tag("direction", direction).tag("type", type).register(registry);
    }

    void started() {
        started.increment();
    }

    void timedOut(String step) {
        timedOut.get(step).increment();
    }

    void opened() {
        sockets.incrementAndGet();
    }

    void closed() {
        sockets.decrementAndGet();
    }

    void received(String type) {
        in.getOrDefault(type, in.get("other")).increment();
    }

    void sent(String type) {
        out.get(type).increment();
    }

    void failed(int status) {
        errors.getOrDefault(status, errors.get(500)).increment();
    }
}
