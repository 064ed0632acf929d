package io.hindsight.gateway.http;

import io.hindsight.gateway.GatewayConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The per-client rate limit ({@link GatewayConfig.RateLimit}): a token bucket per client address, checked before
 * any route runs (a WebSocket handshake is one request; frames on an open socket are not counted here). An empty
 * bucket is answered 429 {"error":"too many requests","message"} with Retry-After (whole seconds until a token is
 * back), and counted as {@code hindsight_http_rejected_total{route,reason="rate_limited"}}. The table of buckets is
 * bounded: past {@value #MAX_CLIENTS} clients the idle ones (bucket full again) are dropped, and if all are busy
 * the table starts over.
 */
public final class ClientRateLimit implements WebFilter {
    private static final Logger log = LoggerFactory.getLogger(ClientRateLimit.class);
    static final int MAX_CLIENTS = 100_000;
    /** A client key is an address; anything longer came from a header and is cut. */
    private static final int MAX_KEY_CHARS = 64;
    private static final String UNKNOWN = "unknown";

    private final GatewayConfig.RateLimit config;
    private final List<IpRange> trusted;
    private final HttpMetrics metrics;
    private final RouteNames routes;
    private final LongSupplier nanoTime;
    private final double perNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ClientRateLimit(GatewayConfig.RateLimit config, HttpMetrics metrics, RouteNames routes) {
        this(config, metrics, routes, System::nanoTime);
    }

    /** @param nanoTime the clock; tests step it by hand */
    public ClientRateLimit(GatewayConfig.RateLimit config, HttpMetrics metrics, RouteNames routes, LongSupplier nanoTime) {
        this.config = config;
        this.trusted = config.trustedProxies().stream().map(IpRange::parse).toList();
        this.metrics = metrics;
        this.routes = routes;
        this.nanoTime = nanoTime;
        this.perNano = config.perSecond() / 1e9;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!config.enabled()) {
            return chain.filter(exchange);
        }
        Client client = client(exchange.getRequest());
        if (client.exempt()) {
            return chain.filter(exchange);
        }
        long waitNanos = take(client.key());
        if (waitNanos == 0) {
            return chain.filter(exchange);
        }
        return reject(exchange, client.key(), waitNanos);
    }

    /** Who is asking: the peer, or with a trusted proxy the nearest untrusted X-Forwarded-For entry. */
    record Client(String key, boolean exempt) {
    }

    Client client(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        InetAddress address = peer;
        String key = peer == null ? UNKNOWN : peer.getHostAddress();
        if (peer != null && isTrusted(peer)) {
            List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
            for (int i = forwarded.size() - 1; i >= 0; i--) {
                String hop = forwarded.get(i).strip();
                InetAddress a = IpRange.literal(hop);
                if (a != null && isTrusted(a)) {
                    continue; // another proxy of ours: look further left
                }
                address = a;
                key = a != null ? a.getHostAddress() : hop.isEmpty() ? UNKNOWN : cut(hop);
                break;
            }
        }
        boolean exempt = !config.limitLoopback() && address != null && address.isLoopbackAddress();
        return new Client(key, exempt);
    }

    private boolean isTrusted(InetAddress a) {
        for (IpRange r : trusted) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static String cut(String s) {
        return s.length() <= MAX_KEY_CHARS ? s : s.substring(0, MAX_KEY_CHARS);
    }

    /** Takes a token: 0 when there was one, else the nanoseconds until there is. */
    long take(String key) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.get(key);
        if (b == null) {
            if (buckets.size() >= MAX_CLIENTS) {
                prune(now);
            }
            b = buckets.computeIfAbsent(key, k -> new Bucket(config.burst(), now));
        }
        return b.take(now, perNano, config.burst());
    }

    private void prune(long now) {
        buckets.values().removeIf(b -> b.isFull(now, perNano, config.burst()));
        if (buckets.size() >= MAX_CLIENTS) {
            log.warn("rate limit: more than {} busy clients; forgetting them all", MAX_CLIENTS);
            buckets.clear();
        }
    }

    int clients() {
        return buckets.size();
    }

    private Mono<Void> reject(ServerWebExchange exchange, String client, long waitNanos) {
        String route = routes.of(exchange.getRequest().getPath().pathWithinApplication().value());
        metrics.rejected(route, RejectReason.RATE_LIMITED);
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        HttpRejection r = new HttpRejection(HttpStatus.TOO_MANY_REQUESTS, RejectReason.RATE_LIMITED,
                HttpRejection.error("too many requests", "more than " + rate() + " requests/s (burst " + config.burst()
                        + ") from " + client + "; retry after " + seconds + " s"),
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(r.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(r.body().length);
        r.headers().forEach(response.getHeaders()::set);
        DataBuffer buffer = response.bufferFactory().wrap(r.body());
        return response.writeWith(Mono.just(buffer));
    }

    private String rate() {
        double r = config.perSecond();
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    /** Tokens and when they were last counted; one lock per client. */
    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.at = now;
        }

        synchronized long take(long now, double perNano, int burst) {
            refill(now, perNano, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
        }

        synchronized boolean isFull(long now, double perNano, int burst) {
            refill(now, perNano, burst);
            return tokens >= burst;
        }

        private void refill(long now, double perNano, int burst) {
            long elapsed = now - at;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * perNano);
                at = now;
            }
        }
    }
}
