package io.hindsight.gateway.http;

import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.Readiness;
import io.hindsight.gateway.calories.CaloriesHandler;
import io.hindsight.gateway.ops.HealthChecks;
import io.hindsight.gateway.ops.ModelCatalog;
import io.hindsight.gateway.ops.OpsHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway's whole HTTP stack (routes, filter, error mapping) on fakes, driven without a server. */
public final class TestGateways {
    private TestGateways() {
    }

    public static GatewayConfig config(boolean routes) {
        return GatewayConfig.defaults("localhost:1").withHttpPort(0).withGatewayRoutes(routes)
                .withMaxBodyBytes(1024).withVersion("9.9.9");
    }

    public static WebTestClient client(GatewayConfig config, FakeBus bus, PrometheusMeterRegistry registry,
                                       HealthChecks checks, Readiness roles, ModelCatalog models) {
        CaloriesHandler calories = config.gatewayRoutesEnabled()
                ? new CaloriesHandler(bus, config.maxBodyBytes(), config.requestTimeout())
                : null;
        OpsHandler ops = new OpsHandler(config, registry, roles, checks, models);
        HttpMetrics metrics = new HttpMetrics(registry);
        return WebTestClient.bindToServer(new HttpHandlerConnector(
                        GatewayRoutes.httpHandler(new GatewayRoutes(ops, calories), metrics)))
                .baseUrl("http://localhost:8080")
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }
}
