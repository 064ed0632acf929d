package io.hindsight.gateway.http;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.GatewayHttp;
import io.hindsight.gateway.Readiness;
import io.hindsight.gateway.digits.DigitsAccuracy;
import io.hindsight.gateway.models.ModelRegistry;
import io.hindsight.gateway.models.ModelRegistryWriter;
import io.hindsight.gateway.ops.HealthChecks;
import io.hindsight.gateway.ops.ModelCatalog;
import io.hindsight.gateway.ops.OpsHandler;
import io.hindsight.gateway.rps.RpsBackend;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The gateway's whole HTTP stack (routes, filter, error mapping) on fakes, driven without Kafka. */
public final class TestGateways {
    public static final String ADMIN_TOKEN = "test-admin-token-0123";

    private TestGateways() {
    }

    public static GatewayConfig config(boolean routes) {
        return GatewayConfig.defaults("localhost:1").withHttpPort(0).withGatewayRoutes(routes)
                .withMaxBodyBytes(1024).withVersion("9.9.9");
    }

    /** Everything a test may want to look at after driving the stack. */
    public static final class Fakes {
        public final FakeBus calories;
        public final FakeBus digits = FakeBus.digits();
        public final DigitsAccuracy accuracy = new DigitsAccuracy();
        public final RecordingWriter models = new RecordingWriter();
        public final FakeRegistry registry = new FakeRegistry();
        /** Null (the default): no Kafka for rps, its game routes answer 503. */
        public volatile RpsBackend rps;

        public Fakes(FakeBus calories) {
            this.calories = calories;
        }

        public Fakes() {
            this(new FakeBus());
        }

        public GatewayHttp.Backends backends() {
            return new GatewayHttp.Backends(calories, digits, accuracy, models, null, registry, rps, null);
        }
    }

    /** The model uploads, alias moves and promotion overrides the stack published, in order. */
    public static final class RecordingWriter implements ModelRegistryWriter {
        public record Published(ModelVersion version, byte[] artifact, AliasAssignment alias) {
        }

        public final List<Published> published = new CopyOnWriteArrayList<>();
        public final List<AliasAssignment> assigned = new CopyOnWriteArrayList<>();
        public record Overridden(PromotionDecision decision, AliasAssignment alias) {
        }

        public final List<Overridden> overrides = new CopyOnWriteArrayList<>();
        public volatile RuntimeException failure;

        @Override
        public void override(PromotionDecision decision, AliasAssignment alias) {
            if (failure != null) {
                throw failure;
            }
            overrides.add(new Overridden(decision, alias));
        }

        @Override
        public void assign(AliasAssignment alias) {
            if (failure != null) {
                throw failure;
            }
            assigned.add(alias);
        }

        @Override
        public void publish(ModelVersion version, byte[] artifact, AliasAssignment alias) {
            if (failure != null) {
                throw failure;
            }
            published.add(new Published(version, artifact, alias));
        }
    }

    /** A registry view held in memory; caught up unless told otherwise. */
    public static final class FakeRegistry implements ModelRegistry {
        public final Map<String, ModelVersion> versions = new ConcurrentHashMap<>();
        public final Map<String, AliasAssignment> aliases = new ConcurrentHashMap<>();
        public volatile boolean caughtUp = true;

        public FakeRegistry add(ModelVersion v) {
            versions.put(v.version(), v);
            return this;
        }

        public FakeRegistry add(AliasAssignment a) {
            aliases.put(a.key(), a);
            return this;
        }

        @Override
        public Map<String, ModelVersion> versions() {
            return Map.copyOf(versions);
        }

        @Override
        public Map<String, AliasAssignment> aliases() {
            return Map.copyOf(aliases);
        }

        @Override
        public boolean isCaughtUp() {
            return caughtUp;
        }
    }

    public static WebTestClient client(GatewayConfig config, FakeBus bus, PrometheusMeterRegistry registry,
                                       HealthChecks checks, Readiness roles, ModelCatalog models) {
        return client(handler(config, new Fakes(bus), registry, checks, roles, models));
    }

    public static WebTestClient client(HttpHandler handler) {
        return WebTestClient.bindToServer(new HttpHandlerConnector(handler))
                .baseUrl("http://localhost:8080")
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    public static HttpHandler handler(GatewayConfig config, Fakes fakes, PrometheusMeterRegistry registry) {
        return handler(config, fakes, registry, () -> Mono.just(Map.of("kafka", true)), Readiness.none(),
                ModelCatalog.empty());
    }

    public static HttpHandler handler(GatewayConfig config, Fakes fakes, PrometheusMeterRegistry registry,
                                      HealthChecks checks, Readiness roles, ModelCatalog models) {
        OpsHandler ops = new OpsHandler(config, registry, roles, checks, models);
        return GatewayHttp.create(config, new HttpMetrics(registry), registry, ops, fakes.backends()).handler();
    }

    /** The stack with the rate limit's clock in the test's hands. */
    public static HttpHandler handler(GatewayConfig config, Fakes fakes, PrometheusMeterRegistry registry,
                                      LongSupplier nanoTime) {
        OpsHandler ops = new OpsHandler(config, registry, Readiness.none(), () -> Mono.just(Map.of("kafka", true)),
                ModelCatalog.empty());
        return GatewayHttp.create(config, new HttpMetrics(registry), registry, ops, fakes.backends(), nanoTime).handler();
    }

    /** The stack on a real Reactor Netty server on a free loopback port (for WebSockets and browsers). */
    public static DisposableServer serve(HttpHandler handler) {
        return HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
    }
}
