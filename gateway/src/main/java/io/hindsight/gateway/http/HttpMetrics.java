package io.hindsight.gateway.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The gateway's HTTP meters. Meters are looked up once per route (and status) and then kept, so recording
 * a request allocates nothing. Prometheus names:
 * <ul>
 *   <li>{@code hindsight_http_requests_total{route,status}}</li>
 *   <li>{@code hindsight_http_request_seconds{route}} with a percentile histogram ({@code _bucket})</li>
 *   <li>{@code hindsight_http_rejected_total{route,reason}}, reason one of {@link RejectReason}</li>
 *   <li>{@code hindsight_gateway_inflight_requests}: HTTP requests being served</li>
 * </ul>
 */
public final class HttpMetrics {
    public static final String REQUESTS = "hindsight.http.requests";
    public static final String REQUEST_TIME = "hindsight.http.request";
    public static final String REJECTED = "hindsight.http.rejected";
    public static final String IN_FLIGHT = "hindsight.gateway.inflight.requests";
    public static final String PENDING_REPLIES = "hindsight.gateway.pending.replies";

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("HTTP requests the gateway is serving")
                .register(registry);
    }

    /** Exposes the number of predict requests waiting for their prediction. */
    public void pendingReplies(Supplier<Number> pending) {
        Gauge.builder(PENDING_REPLIES, pending).description("predict requests waiting for their prediction")
                .register(registry);
    }

    /** Registers a route's meters now, rejection counters at zero included, so they show before the first request. */
    public void declare(String route, boolean acceptsBodies) {
        RouteMeters m = meters(route);
        if (acceptsBodies) {
            for (RejectReason r : RejectReason.values()) {
                m.rejected(r);
            }
        }
    }

    public AtomicInteger inFlight() {
        return inFlight;
    }

    public void record(String route, int status, long nanos) {
        RouteMeters m = meters(route);
        m.timer.record(nanos, TimeUnit.NANOSECONDS);
        m.requests(status).increment();
    }

    public void rejected(String route, RejectReason reason) {
        meters(route).rejected(reason).increment();
    }

    private RouteMeters meters(String route) {
        RouteMeters m = routes.get(route);
        return m != null ? m : routes.computeIfAbsent(route, RouteMeters::new);
    }

    private final class RouteMeters {
        private final String route;
        private final Timer timer;
        private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);
        private final Map<RejectReason, Counter> byReason = new EnumMap<>(RejectReason.class);

        RouteMeters(String route) {
            this.route = route;
            this.timer = Timer.builder(REQUEST_TIME)
                    .description("HTTP request latency, time to the last byte of the response")
                    .tag("route", route)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry);
        }

        Counter requests(int status) {
            int i = status >= 100 && status < 600 ? status : 599;
            Counter c = byStatus.get(i);
            if (c == null) {
                c = Counter.builder(REQUESTS).description("HTTP requests by route and status")
                        .tag("route", route).tag("status", Integer.toString(status)).register(registry);
                byStatus.set(i, c); // registering twice returns the same counter
            }
            return c;
        }

        synchronized Counter rejected(RejectReason reason) {
            return byReason.computeIfAbsent(reason, r -> Counter.builder(REJECTED)
                    .description("requests turned away, by reason")
                    .tag("route", route).tag("reason", r.tag()).register(registry));
        }
    }
}
