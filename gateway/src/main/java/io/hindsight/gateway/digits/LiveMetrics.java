package io.hindsight.gateway.digits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live socket's meters, registered up front so they show at zero. Prometheus names:
 * <ul>
 *   <li>{@code hindsight_ws_sessions{route}}: open sockets</li>
 *   <li>{@code hindsight_ws_frames_total{route,direction="in|out",type}}: frames by type
 *       (in: draft, answer, other; out: guess, recorded, accuracy, error)</li>
 *   <li>{@code hindsight_ws_errors_total{route,reason}}: frames answered with an error, by
 *       {@link LiveSession.Failure} (malformed and invalid frames included)</li>
 *   <li>{@code hindsight_ws_drafts_dropped_total{route}}: drafts replaced by a newer one before they were sent</li>
 * </ul>
 */
public final class LiveMetrics {
    public static final String SESSIONS = "hindsight.ws.sessions";
    public static final String FRAMES = "hindsight.ws.frames";
    public static final String ERRORS = "hindsight.ws.errors";
    public static final String DROPPED = "hindsight.ws.drafts.dropped";
    static final List<String> IN_TYPES = List.of("draft", "answer", "other");
    static final List<String> OUT_TYPES = List.of("guess", "recorded", "accuracy", "error");

    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Counter> in = new ConcurrentHashMap<>();
    private final Map<String, Counter> out = new ConcurrentHashMap<>();
    private final Map<LiveSession.Failure, Counter> errors = new ConcurrentHashMap<>();
    private final Counter dropped;

    public LiveMetrics(MeterRegistry registry, String route) {
        Gauge.builder(SESSIONS, open, AtomicInteger::get).description("open WebSocket sessions").tag("route", route)
                .register(registry);
        for (String t : IN_TYPES) {
            in.put(t, frames(registry, route, "in", t));
        }
        for (String t : OUT_TYPES) {
            out.put(t, frames(registry, route, "out", t));
        }
        for (LiveSession.Failure f : LiveSession.Failure.values()) {
            errors.put(f, Counter.builder(ERRORS).description("WebSocket frames answered with an error, by reason")
                    .tag("route", route).tag("reason", f.tag()).register(registry));
        }
        dropped = Counter.builder(DROPPED).description("drafts replaced by a newer one before they were predicted")
                .tag("route", route).register(registry);
    }

    private static Counter frames(MeterRegistry registry, String route, String direction, String type) {
        return Counter.builder(FRAMES).description("WebSocket frames by direction and type")
                .tag("route", route).tag("direction", direction).tag("type", type).register(registry);
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    void received(String type) {
        in.getOrDefault(type, in.get("other")).increment();
    }

    void sent(String type) {
        Counter c = out.get(type);
        if (c != null) {
            c.increment();
        }
    }

    void failed(LiveSession.Failure reason) {
        errors.get(reason).increment();
    }

    void droppedDraft() {
        dropped.increment();
    }
}
