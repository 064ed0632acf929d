package io.hindsight.gateway.ops;

import io.hindsight.contracts.json.Json;
import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.Readiness;
import io.hindsight.gateway.http.JsonResponses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The ops routes every Hindsight process serves: /healthz, /readyz, /info, /metrics and the home page. */
public final class OpsHandler {
    private static final Logger log = LoggerFactory.getLogger(OpsHandler.class);
    public static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");
    private static final MediaType HTML = MediaType.parseMediaType("text/html; charset=utf-8");
    private static final byte[] UP = Json.write(Map.of("status", "UP"));
    /** /readyz answers within this even when Kafka does not. */
    private static final Duration CHECK_BUDGET = Duration.ofSeconds(3);

    private final GatewayConfig config;
    private final PrometheusMeterRegistry registry;
    private final Readiness roles;
    private final HealthChecks own;
    private final ModelCatalog models;
    private final String homePage;

    public OpsHandler(GatewayConfig config, PrometheusMeterRegistry registry, Readiness roles, HealthChecks own,
                      ModelCatalog models) {
        this.config = config;
        this.registry = registry;
        this.roles = roles;
        this.own = own;
        this.models = models;
        this.homePage = HomePage.render(config);
    }

    /** 200 {"status":"UP"} while the process serves HTTP. */
    public Mono<ServerResponse> healthz(ServerRequest request) {
        return JsonResponses.json(HttpStatus.OK, UP);
    }

    /** 200 or 503 {"ready":bool,"checks":{name:bool}}: the gateway's own checks and every role's. */
    public Mono<ServerResponse> readyz(ServerRequest request) {
        return allChecks().flatMap(checks -> {
            boolean ready = checks.values().stream().allMatch(Boolean::booleanValue);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ready", ready);
            body.put("checks", checks);
            return JsonResponses.json(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, Json.write(body));
        });
    }

    /** 200 {"version","java","gatewayRoutes","ready","checks","roles","models":[...]}. */
    public Mono<ServerResponse> info(ServerRequest request) {
        return allChecks().flatMap(checks -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", config.version());
            body.put("java", System.getProperty("java.version"));
            body.put("gatewayRoutes", config.gatewayRoutesEnabled());
            body.put("ready", checks.values().stream().allMatch(Boolean::booleanValue));
            body.put("roles", roleChecks());
            body.put("checks", checks);
            body.put("models", models.models());
            return JsonResponses.json(HttpStatus.OK, Json.write(body));
        });
    }

    /** The registry in the Prometheus text format 0.0.4. */
    public Mono<ServerResponse> metrics(ServerRequest request) {
        return JsonResponses.text(HttpStatus.OK, PROMETHEUS_TEXT, registry.scrape());
    }

    public Mono<ServerResponse> home(ServerRequest request) {
        URI uri = request.uri();
        String base = uri.getScheme() + "://" + uri.getAuthority();
        return JsonResponses.text(HttpStatus.OK, HTML, HomePage.withBaseUrl(homePage, base));
    }

    private Mono<Map<String, Boolean>> allChecks() {
        return own.checks()
                .timeout(CHECK_BUDGET, Mono.fromSupplier(() -> Map.of("kafka", false)))
                .map(gateway -> {
                    Map<String, Boolean> all = new LinkedHashMap<>(gateway);
                    all.putAll(roleChecks());
                    return all;
                });
    }

    private Map<String, Boolean> roleChecks() {
        try {
            return new TreeMap<>(roles.checks());
        } catch (RuntimeException e) {
            log.warn("role readiness failed", e);
            return Map.of("roles", false);
        }
    }
}
