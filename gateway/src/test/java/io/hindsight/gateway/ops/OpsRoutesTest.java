package io.hindsight.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.gateway.Readiness;
import io.hindsight.gateway.http.FakeBus;
import io.hindsight.gateway.http.TestGateways;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/** /healthz, /readyz, /info, /metrics and / on fakes; and what a process without the gateway role serves. */
class OpsRoutesTest {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private WebTestClient client(boolean routes, Map<String, Boolean> own, Readiness roles, ModelCatalog models) {
        return TestGateways.client(TestGateways.config(routes), new FakeBus(), registry, () -> Mono.just(own), roles, models);
    }

    @Test
    void healthzIsUpWhateverKafkaSays() {
        client(true, Map.of("kafka", false), Readiness.none(), ModelCatalog.empty())
                .get().uri("/healthz").exchange().expectStatus().isOk().expectBody().json("{\"status\":\"UP\"}", true);
    }

    @Test
    void headIsAnsweredOnTheReadRoutes() {
        WebTestClient c = client(true, Map.of("kafka", true), Readiness.none(), ModelCatalog.empty());
        for (String path : List.of("/", "/healthz", "/readyz", "/info", "/metrics")) {
            c.head().uri(path).exchange().expectStatus().isOk().expectBody().isEmpty();
        }
    }

    @Test
    void readyzIs200OnlyWhenEveryCheckOfTheGatewayAndTheRolesPasses() {
        Map<String, Boolean> own = new LinkedHashMap<>();
        own.put("kafka", true);
        own.put("topics", true);
        client(true, own, () -> Map.of("predictor", true, "joiner", true), ModelCatalog.empty())
                .get().uri("/readyz").exchange().expectStatus().isOk()
                .expectBody().json("{\"ready\":true,\"checks\":{\"kafka\":true,\"topics\":true,\"predictor\":true,\"joiner\":true}}", true);
        client(true, own, () -> Map.of("predictor", false), ModelCatalog.empty())
                .get().uri("/readyz").exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.ready").isEqualTo(false).jsonPath("$.checks.predictor").isEqualTo(false);
        client(true, Map.of("kafka", true, "topics", false), Readiness.none(), ModelCatalog.empty())
                .get().uri("/readyz").exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.checks.topics").isEqualTo(false);
    }

    @Test
    void aFailingRoleCheckMakesTheProcessUnreadyInsteadOfFailingTheRequest() {
        client(true, Map.of("kafka", true), () -> {
            throw new IllegalStateException("boom");
        }, ModelCatalog.empty()).get().uri("/readyz").exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.checks.roles").isEqualTo(false);
    }

    @Test
    void readyzAnswersWithinItsBudgetWhenTheChecksHang() {
        WebTestClient c = TestGateways.client(TestGateways.config(true), new FakeBus(), registry, Mono::never,
                Readiness.none(), ModelCatalog.empty());
        c.get().uri("/readyz").exchange().expectStatus().isEqualTo(503).expectBody().jsonPath("$.checks.kafka").isEqualTo(false);
    }

    @Test
    void infoListsBuildJavaRolesAndEachAliasWithItsModelVersion() {
        ModelVersion v = new ModelVersion("v7", "calories", "xgboost", 1234L, ModelVersion.TRIBUO_PROTOBUF, "sha", 10,
                List.of("Age"), Map.of("rmsle", 0.05), Map.of("seed", 7), List.of(), "0.1.0");
        List<ModelInfo> models = List.of(
                ModelInfo.of(new AliasAssignment("calories", "xgboost", "Production", "v7", 99L, "promoted"), v),
                ModelInfo.of(new AliasAssignment("calories", "xgboost", "B", "v8", 100L, null), null));
        client(true, Map.of("kafka", true), () -> Map.of("predictor", true), () -> models)
                .get().uri("/info").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo("9.9.9")
                .jsonPath("$.java").isEqualTo(System.getProperty("java.version"))
                .jsonPath("$.gatewayRoutes").isEqualTo(true)
                .jsonPath("$.ready").isEqualTo(true)
                .jsonPath("$.roles.predictor").isEqualTo(true)
                .jsonPath("$.models[0].alias").isEqualTo("Production")
                .jsonPath("$.models[0].version").isEqualTo("v7")
                .jsonPath("$.models[0].family").isEqualTo("xgboost")
                .jsonPath("$.models[0].createdAt").isEqualTo(1234)
                .jsonPath("$.models[0].metrics.rmsle").isEqualTo(0.05)
                .jsonPath("$.models[0].provenance.seed").isEqualTo(7)
                .jsonPath("$.models[1].alias").isEqualTo("B")
                .jsonPath("$.models[1].createdAt").doesNotExist();
    }

    @Test
    void metricsAreThePrometheusText() {
        registry.counter("some.counter").increment();
        String text = client(true, Map.of(), Readiness.none(), ModelCatalog.empty())
                .get().uri("/metrics").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/plain;version=0.0.4;charset=utf-8")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(text).contains("some_counter_total 1.0", "# TYPE hindsight_gateway_inflight_requests gauge");
    }

    @Test
    void theHomePageListsTheRoutesAndLinksAndEscapesTheHost() {
        String page = client(true, Map.of(), Readiness.none(), ModelCatalog.empty())
                .get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).startsWith("<!doctype html>")
                .contains("POST /v1/calories/predict", "POST /predict", "POST /feedback", "href=\"/info\"",
                        "href=\"/metrics\"", "href=\"/readyz\"", "curl -s http://localhost:8080/v1/calories/predict",
                        "Hindsight 9.9.9");
        assertThat(HomePage.withBaseUrl("BASE_URL", "http://<x>")).isEqualTo("http://&lt;x&gt;");
    }

    @Test
    void withoutTheGatewayRoleOnlyTheOpsRoutesAreServed() {
        WebTestClient c = client(false, Map.of("kafka", true, "topics", true), Readiness.none(), ModelCatalog.empty());
        c.post().uri("/predict").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).contains("does not run the gateway role"));
        c.post().uri("/v1/calories/predict").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isNotFound();
        c.get().uri("/readyz").exchange().expectStatus().isOk();
        String page = c.get().uri("/").exchange().expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).doesNotContain("/v1/calories/predict").contains("does not run the gateway role");
    }
}
