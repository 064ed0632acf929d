package io.hindsight.gateway;

import io.hindsight.gateway.http.IpRange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the gateway, validated at construction.
 *
 * @param bootstrapServers     Kafka bootstrap servers, e.g. {@code localhost:9092}
 * @param httpPort             HTTP port; 0 picks a free port (tests), see {@link GatewayServer#port()}
 * @param gatewayRoutesEnabled true when this process runs the gateway role: the predict and feedback routes
 *                             are served. The ops routes (/healthz, /readyz, /info, /metrics, /) always are.
 * @param requestTimeout       how long a predict request waits for Kafka to take it and the prediction to
 *                             come back (default {@link #DEFAULT_REQUEST_TIMEOUT})
 * @param maxBodyBytes         the largest JSON request body accepted (default {@link #DEFAULT_MAX_BODY_BYTES}),
 *                             answered 413 beyond. The routes whose bodies are a few fields (rps start and move,
 *                             alias move, promotion override) take at most {@link #SMALL_BODY_BYTES} of it; the
 *                             digits predict route at least 1 MiB (a canvas bitmap); the largest digits WebSocket
 *                             frame is this many bytes.
 * @param version              the build version shown by /info and the home page
 * @param adminToken           the bearer token the admin writes (model upload, alias move, promotion override)
 *                             require; null or blank turns them off (they answer 403 saying so). Conventionally
 *                             read from {@value #ADMIN_TOKEN_ENV}. Never printed: {@link #toString()} redacts it.
 * @param maxModelBytes        the largest model upload accepted (default {@link #DEFAULT_MAX_MODEL_BYTES}, at most
 *                             {@link #MAX_MODEL_BYTES_LIMIT}: the model-artifacts topic takes 64 MiB records)
 * @param rateLimit            the per-client request rate limit (default {@link RateLimit#defaults()})
 */
public record GatewayConfig(String bootstrapServers, int httpPort, boolean gatewayRoutesEnabled,
                            Duration requestTimeout, int maxBodyBytes, String version, String adminToken,
                            int maxModelBytes, RateLimit rateLimit) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** The cap of the routes whose JSON bodies are a few fields; lower when {@link #maxBodyBytes} is. */
    public static final int SMALL_BODY_BYTES = 4096;
    public static final int DEFAULT_MAX_MODEL_BYTES = 32 * 1024 * 1024;
    /** model-artifacts takes records of up to 64 MiB; one MiB is left for the record around the bytes. */
    public static final int MAX_MODEL_BYTES_LIMIT = 63 * 1024 * 1024;
    /** The environment variable the process conventionally reads the admin token from. */
    public static final String ADMIN_TOKEN_ENV = "HINDSIGHT_ADMIN_TOKEN";
    /** A shorter admin token is refused at start: it could be guessed. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 12;

    /**
     * A token bucket per client: {@code burst} requests at once, refilled at {@code perSecond}; a request
     * finding the bucket empty is answered 429 with Retry-After and counted as
     * {@code hindsight_http_rejected_total{reason="rate_limited"}}. The client is the peer's IP address; when
     * that peer is one of {@code trustedProxies}, the nearest untrusted address of its X-Forwarded-For instead
     * (never otherwise: a client could name itself anything).
     *
     * <p>The defaults ({@value #DEFAULT_PER_SECOND}/s, burst {@value #DEFAULT_BURST}, loopback not limited) stop
     * one remote client from taking the whole gateway (which serves ~1-2k predictions/s on 2 cores) while leaving
     * alone the local load that the tests, the simulator and the benchmarks put on it from 127.0.0.1 at thousands
     * of requests/s. Behind a proxy every client shares the proxy's address until it is listed in trustedProxies.
     *
     * @param perSecond      tokens added per second; 0 turns the limit off
     * @param burst          the bucket's size: requests a quiet client may send at once
     * @param limitLoopback  false (default): clients on 127.0.0.0/8 and ::1 are not limited
     * @param trustedProxies IP addresses or CIDR blocks whose X-Forwarded-For is believed; empty by default
     */
    public record RateLimit(double perSecond, int burst, boolean limitLoopback, List<String> trustedProxies) {
        public static final double DEFAULT_PER_SECOND = 1000;
        public static final int DEFAULT_BURST = 2000;

        public RateLimit {
            if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("gateway: the rate limit must be a finite number of requests/s >= 0 "
                        + "(0 turns it off), got " + perSecond);
            }
            if (perSecond > 0 && burst < 1) {
                throw new IllegalArgumentException("gateway: the rate limit burst must be at least 1, got " + burst);
            }
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
            for (String p : trustedProxies) {
                IpRange.parse(p); // throws naming the bad entry
            }
        }

        /** {@value #DEFAULT_PER_SECOND}/s, burst {@value #DEFAULT_BURST}, loopback not limited, no trusted proxy. */
        public static RateLimit defaults() {
            return new RateLimit(DEFAULT_PER_SECOND, DEFAULT_BURST, false, List.of());
        }

        /** No limit at all. */
        public static RateLimit off() {
            return new RateLimit(0, 0, false, List.of());
        }

        public boolean enabled() {
            return perSecond > 0;
        }

        public RateLimit withLoopbackLimited(boolean limited) {
            return new RateLimit(perSecond, burst, limited, trustedProxies);
        }

        public RateLimit withTrustedProxies(List<String> proxies) {
            return new RateLimit(perSecond, burst, limitLoopback, proxies);
        }
    }

    public GatewayConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("gateway: bootstrapServers is required");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("gateway: httpPort must be 0..65535, got " + httpPort);
        }
        requestTimeout = Objects.requireNonNullElse(requestTimeout, DEFAULT_REQUEST_TIMEOUT);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("gateway: requestTimeout must be positive, got " + requestTimeout);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("gateway: maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        if (maxModelBytes <= 0 || maxModelBytes > MAX_MODEL_BYTES_LIMIT) {
            throw new IllegalArgumentException("gateway: maxModelBytes must be 1.." + MAX_MODEL_BYTES_LIMIT
                    + " (the model-artifacts topic takes 64 MiB records), got " + maxModelBytes);
        }
        rateLimit = Objects.requireNonNullElseGet(rateLimit, RateLimit::defaults);
        version = version == null || version.isBlank() ? "dev" : version;
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
        if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("gateway: the admin token must have at least " + MIN_ADMIN_TOKEN_LENGTH
                    + " characters (e.g. openssl rand -hex 16), got " + adminToken.length());
        }
    }

    /** Without an admin token: the admin routes are off; default model size and rate limit. */
    public GatewayConfig(String bootstrapServers, int httpPort, boolean gatewayRoutesEnabled, Duration requestTimeout,
                         int maxBodyBytes, String version) {
        this(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, maxBodyBytes, version, null);
    }

    /** Default model size and rate limit. */
    public GatewayConfig(String bootstrapServers, int httpPort, boolean gatewayRoutesEnabled, Duration requestTimeout,
                         int maxBodyBytes, String version, String adminToken) {
        this(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, maxBodyBytes, version, adminToken,
                DEFAULT_MAX_MODEL_BYTES, RateLimit.defaults());
    }

    /**
     * Port {@value #DEFAULT_HTTP_PORT}, routes enabled, 10 s request timeout, 64 KiB JSON bodies, 32 MiB models,
     * the default rate limit, version "dev", no admin token.
     */
    public static GatewayConfig defaults(String bootstrapServers) {
        return new GatewayConfig(bootstrapServers, DEFAULT_HTTP_PORT, true, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_BODY_BYTES, "dev");
    }

    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(bootstrapServers, port, gatewayRoutesEnabled, requestTimeout, maxBodyBytes, version,
                adminToken, maxModelBytes, rateLimit);
    }

    public GatewayConfig withGatewayRoutes(boolean enabled) {
        return new GatewayConfig(bootstrapServers, httpPort, enabled, requestTimeout, maxBodyBytes, version, adminToken,
                maxModelBytes, rateLimit);
    }

    public GatewayConfig withRequestTimeout(Duration timeout) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, timeout, maxBodyBytes, version,
                adminToken, maxModelBytes, rateLimit);
    }

    public GatewayConfig withMaxBodyBytes(int bytes) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, bytes, version,
                adminToken, maxModelBytes, rateLimit);
    }

    public GatewayConfig withVersion(String buildVersion) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, maxBodyBytes,
                buildVersion, adminToken, maxModelBytes, rateLimit);
    }

    /** The admin routes with this bearer token; null or blank turns them off. */
    public GatewayConfig withAdminToken(String token) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, maxBodyBytes, version,
                token, maxModelBytes, rateLimit);
    }

    public GatewayConfig withMaxModelBytes(int bytes) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, maxBodyBytes, version,
                adminToken, bytes, rateLimit);
    }

    /** Null: the default limit; {@link RateLimit#off()}: none. */
    public GatewayConfig withRateLimit(RateLimit limit) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, maxBodyBytes, version,
                adminToken, maxModelBytes, limit);
    }

    public boolean adminRoutesEnabled() {
        return adminToken != null;
    }

    /** The body limit of the routes whose JSON bodies are a few fields. */
    public int smallBodyBytes() {
        return Math.min(SMALL_BODY_BYTES, maxBodyBytes);
    }

    @Override
    public String toString() {
        return "GatewayConfig[bootstrapServers=" + bootstrapServers + ", httpPort=" + httpPort + ", gatewayRoutesEnabled="
                + gatewayRoutesEnabled + ", requestTimeout=" + requestTimeout + ", maxBodyBytes=" + maxBodyBytes
                + ", maxModelBytes=" + maxModelBytes + ", rateLimit=" + rateLimit
                + ", version=" + version + ", adminToken=" + (adminToken == null ? "none" : "(set)") + "]";
    }
}
