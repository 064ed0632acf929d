package io.hindsight.gateway;

import java.time.Duration;
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
 * @param maxBodyBytes         the largest request body accepted (default {@link #DEFAULT_MAX_BODY_BYTES})
 * @param version              the build version shown by /info and the home page
 * @param adminToken           the bearer token the admin routes (model upload) require; null or blank turns
 *                             them off (they answer 403). Conventionally read from {@value #ADMIN_TOKEN_ENV}.
 *                             Never printed: {@link #toString()} redacts it.
 */
public record GatewayConfig(String bootstrapServers, int httpPort, boolean gatewayRoutesEnabled,
                            Duration requestTimeout, int maxBodyBytes, String version, String adminToken) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** The environment variable the process conventionally reads the admin token from. */
    public static final String ADMIN_TOKEN_ENV = "HINDSIGHT_ADMIN_TOKEN";
    /** A shorter admin token is refused at start: it could be guessed. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 12;

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
        version = version == null || version.isBlank() ? "dev" : version;
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
        if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("gateway: the admin token must have at least " + MIN_ADMIN_TOKEN_LENGTH
                    + " characters (e.g. openssl rand -hex 16), got " + adminToken.length());
        }
    }

    /** Without an admin token: the admin routes are off. */
    public GatewayConfig(String bootstrapServers, int httpPort, boolean gatewayRoutesEnabled, Duration requestTimeout,
                         int maxBodyBytes, String version) {
        this(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, maxBodyBytes, version, null);
    }

    /** Port {@value #DEFAULT_HTTP_PORT}, routes enabled, 10 s request timeout, 64 KiB bodies, version "dev". */
    public static GatewayConfig defaults(String bootstrapServers) {
        return new GatewayConfig(bootstrapServers, DEFAULT_HTTP_PORT, true, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_BODY_BYTES, "dev");
    }

    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(bootstrapServers, port, gatewayRoutesEnabled, requestTimeout, maxBodyBytes, version,
                adminToken);
    }

    public GatewayConfig withGatewayRoutes(boolean enabled) {
        return new GatewayConfig(bootstrapServers, httpPort, enabled, requestTimeout, maxBodyBytes, version, adminToken);
    }

    public GatewayConfig withRequestTimeout(Duration timeout) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, timeout, maxBodyBytes, version,
                adminToken);
    }

    public GatewayConfig withMaxBodyBytes(int bytes) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, bytes, version,
                adminToken);
    }

    public GatewayConfig withVersion(String buildVersion) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, maxBodyBytes,
                buildVersion, adminToken);
    }

    /** The admin routes with this bearer token; null or blank turns them off. */
    public GatewayConfig withAdminToken(String token) {
        return new GatewayConfig(bootstrapServers, httpPort, gatewayRoutesEnabled, requestTimeout, maxBodyBytes, version,
                token);
    }

    public boolean adminRoutesEnabled() {
        return adminToken != null;
    }

    @Override
    public String toString() {
        return "GatewayConfig[bootstrapServers=" + bootstrapServers + ", httpPort=" + httpPort + ", gatewayRoutesEnabled="
                + gatewayRoutesEnabled + ", requestTimeout=" + requestTimeout + ", maxBodyBytes=" + maxBodyBytes
                + ", version=" + version + ", adminToken=" + (adminToken == null ? "none" : "(set)") + "]";
    }
}
