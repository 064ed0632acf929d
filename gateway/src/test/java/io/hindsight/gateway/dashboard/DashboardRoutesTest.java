package io.hindsight.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.gateway.GatewayHttp;
import io.hindsight.gateway.Readiness;
import io.hindsight.gateway.http.HttpMetrics;
import io.hindsight.gateway.http.TestGateways;
import io.hindsight.gateway.ops.ModelCatalog;
import io.hindsight.gateway.ops.OpsHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** GET /dashboard, its assets and GET /v1/metrics/rolling over the real stack, the history fed by the test. */
class DashboardRoutesTest {
    static final long MIN = RollingHistoryTest.MIN;
    static final long T0 = RollingHistoryTest.T0;

    PrometheusMeterRegistry registry;
    RollingHistory history;
    DriftHistory drift;
    WebTestClient http;

    /** The gateway's HTTP stack on fakes, with these histories behind the dashboard. */
    static WebTestClient client(RollingHistory history, DriftHistory drift, PrometheusMeterRegistry registry) {
        TestGateways.Fakes fakes = new TestGateways.Fakes();
        var config = TestGateways.config(true);
        OpsHandler ops = new OpsHandler(config, registry, Readiness.none(), () -> Mono.just(Map.of("kafka", true)),
                ModelCatalog.empty());
        GatewayHttp.Backends backends = new GatewayHttp.Backends(fakes.calories, fakes.digits, fakes.accuracy,
                fakes.models, history, null, null, null, drift);
        return TestGateways.client(GatewayHttp.create(config, new HttpMetrics(registry), registry, ops, backends).handler());
    }

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        history = new RollingHistory();
        drift = new DriftHistory();
        http = client(history, drift, registry);
    }

    private JsonNode rolling(String task) {
        return get("/v1/metrics/rolling?task=" + task);
    }

    private JsonNode get(String uri) {
        byte[] body = http.get().uri(uri).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody().returnResult().getResponseBody();
        return Json.tree(body);
    }

    @Test
    void rollingAnswersEachSeriesWithItsLatestWindowAndItsPointsColumnByColumn() {
        history.add(RollingHistoryTest.calories("shadow1", "calories-xgboost-222222222222", T0, 40, 0.07, 5.5), T0 + 2_000);
        history.add(RollingHistoryTest.calories("Production", "calories-xgboost-111111111111", T0, 40, 0.05, 4.25), T0 + 2_000);
        history.add(RollingHistoryTest.calories("Production", "calories-xgboost-111111111111", T0, 80, 0.06, 4.5), T0 + 9_000);

        JsonNode v = rolling("calories");
        assertThat(v.get("task").asString()).isEqualTo("calories");
        assertThat(v.get("kind").asString()).isEqualTo("regression");
        assertThat(v.get("figures").toString()).isEqualTo("[\"rmsle\",\"mae\",\"coverage\",\"lagP50Seconds\",\"lagP95Seconds\"]");
        assertThat(v.get("revision").asLong()).isEqualTo(3);
        assertThat(v.get("now").asLong()).isPositive();
        assertThat(v.get("windowMs").asLong()).isEqualTo(5 * MIN);
        assertThat(v.get("retentionMs").asLong()).isEqualTo(3_600_000);
        JsonNode series = v.get("series");
        assertThat(series.size()).isEqualTo(2);
        JsonNode p = series.get(0);
        assertThat(p.get("alias").asString()).isEqualTo("Production");
        assertThat(p.get("family").asString()).isEqualTo("xgboost");
        assertThat(p.get("version").asString()).isEqualTo("calories-xgboost-111111111111");
        assertThat(p.get("latest").toString()).isEqualTo("{\"windowStart\":" + T0 + ",\"windowEnd\":" + (T0 + 5 * MIN)
                + ",\"updatedAt\":" + (T0 + 9_000) + ",\"matched\":80,\"expired\":0,\"coverage\":1.0,\"rmsle\":0.06,"
                + "\"mae\":4.5,\"accuracy\":null,\"lagP50Seconds\":2.0,\"lagP95Seconds\":4.5}");
        assertThat(p.get("points").toString()).isEqualTo("{\"t\":[" + (T0 + 2_000) + "," + (T0 + 9_000) + "],"
                + "\"matched\":[40,80],\"expired\":[0,0],\"coverage\":[1.0,1.0],\"rmsle\":[0.05,0.06],\"mae\":[4.25,4.5],"
                + "\"lagP50Seconds\":[2.0,2.0],\"lagP95Seconds\":[4.5,4.5]}");
        assertThat(series.get(1).get("alias").asString()).isEqualTo("shadow1");
    }

    @Test
    void digitsHaveAccuracyInsteadOfErrorsAndAnEmptyTaskHasNoSeries() {
        assertThat(rolling("digits").get("series").size()).isZero();
        assertThat(rolling("digits").get("windowMs").isNull()).isTrue();
        history.add(RollingHistoryTest.digits("Production", "digits-cnn-aaaaaaaaaaaa", T0, 9, 1, 0.9), T0 + 1_000);
        JsonNode v = rolling("digits");
        assertThat(v.get("kind").asString()).isEqualTo("classification");
        JsonNode p = v.get("series").get(0);
        assertThat(p.get("latest").get("accuracy").asDouble()).isEqualTo(0.9);
        assertThat(p.get("latest").get("coverage").asDouble()).isEqualTo(0.9);
        assertThat(p.get("latest").get("rmsle").isNull()).isTrue();
        assertThat(p.get("points").has("accuracy")).isTrue();
        assertThat(p.get("points").has("rmsle")).isFalse();
        assertThat(p.get("points").has("mae")).isFalse();
        assertThat(rolling("calories").get("series").size()).as("tasks apart").isZero();
    }

    @Test
    void rpsAnswersItsGameFiguresPerFamilyAndAliasAndCaloriesLeavesThemOut() {
        history.add(RollingHistoryTest.rps("forrest", "Production", "rps-forrest-111111111111", T0, 40, 0.5, 0.25, 4, 3),
                T0 + 1_000);
        history.add(RollingHistoryTest.rps("forrest", "shadow2", "rps-forrest-222222222222", T0, 40, 0.4, -0.2, 0, 0),
                T0 + 1_000);
        JsonNode v = rolling("rps");
        assertThat(v.get("kind").asString()).isEqualTo("game");
        assertThat(v.get("figures").toString()).isEqualTo(
                "[\"winRate\",\"pointsPerRound\",\"accuracy\",\"coverage\",\"lagP50Seconds\",\"lagP95Seconds\"]");
        JsonNode p = v.get("series").get(0);
        assertThat(p.get("family").asString()).isEqualTo("forrest");
        assertThat(p.get("latest").toString()).isEqualTo("{\"windowStart\":" + T0 + ",\"windowEnd\":" + (T0 + 5 * MIN)
                + ",\"updatedAt\":" + (T0 + 1_000) + ",\"matched\":40,\"expired\":0,\"coverage\":1.0,\"rmsle\":null,"
                + "\"mae\":null,\"accuracy\":0.5,\"lagP50Seconds\":4.0,\"lagP95Seconds\":9.0,\"pointsPerRound\":0.25,"
                + "\"games\":4,\"gamesWon\":3,\"winRate\":0.75}");
        assertThat(p.get("points").get("winRate").toString()).isEqualTo("[0.75]");
        assertThat(p.get("points").get("pointsPerRound").toString()).isEqualTo("[0.25]");
        JsonNode shadow = v.get("series").get(1);
        assertThat(shadow.get("alias").asString()).isEqualTo("shadow2");
        assertThat(shadow.get("latest").has("winRate")).as("a shadow wins no game").isFalse();
        assertThat(shadow.get("points").get("winRate").toString()).isEqualTo("[null]");
        history.add(RollingHistoryTest.calories("Production", "calories-xgboost-111111111111", T0, 40, 0.05, 4.25), T0);
        JsonNode calories = rolling("calories").get("series").get(0);
        assertThat(calories.get("latest").has("pointsPerRound")).isFalse();
        assertThat(calories.get("points").has("winRate")).isFalse();
    }

    @Test
    void driftAnswersTheNewestWindowPerFeatureWithItsHistory() {
        assertThat(get("/v1/metrics/drift?task=digits").get("features").size()).isZero();
        drift.add(DriftHistoryTest.report("calories", "Age", T0, 80, 0.31, 0.2, 1e-6));
        drift.add(DriftHistoryTest.report("calories", "Age", T0 + 5 * MIN, 80, 0.02, 0.03, 0.8));
        drift.add(DriftHistoryTest.report("calories", "Sex", T0 + 5 * MIN, 80, 0.25, 0.02, 0.9));
        JsonNode v = get("/v1/metrics/drift?task=calories");
        assertThat(v.get("task").asString()).isEqualTo("calories");
        assertThat(v.get("revision").asLong()).isEqualTo(3);
        assertThat(v.get("windowMs").asLong()).isEqualTo(5 * MIN);
        assertThat(v.get("drifted").asInt()).isEqualTo(1);
        assertThat(v.get("thresholds").toString()).isEqualTo("{\"psi\":0.2,\"ksPValue\":0.001,\"ksD\":0.1}");
        JsonNode sex = v.get("features").get(0);
        assertThat(sex.get("feature").asString()).isEqualTo("Sex");
        assertThat(sex.get("latest").toString()).isEqualTo("{\"windowStart\":" + (T0 + 5 * MIN) + ",\"windowEnd\":"
                + (T0 + 10 * MIN) + ",\"referenceVersion\":\"calories-xgboost-aaaaaaaaaaaa\",\"count\":80,"
                + "\"referenceCount\":1000,\"psi\":0.25,\"ksD\":0.02,\"ksPValue\":0.9,\"drifted\":true}");
        JsonNode age = v.get("features").get(1);
        assertThat(age.get("points").toString()).isEqualTo("{\"t\":[" + (T0 + 5 * MIN) + "," + (T0 + 10 * MIN) + "],"
                + "\"count\":[80,80],\"psi\":[0.31,0.02],\"ksD\":[0.2,0.03],\"drifted\":[true,false]}");
        http.get().uri("/v1/metrics/drift").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("missing parameter");
        http.get().uri("/v1/metrics/drift?task=rps").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).contains("no task 'rps' has drift reports"));
    }

    @Test
    void aMissingTaskIs400AndAnUnknownOne404() {
        http.get().uri("/v1/metrics/rolling").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("missing parameter")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("calories").contains("digits").contains("rps"));
        http.get().uri("/v1/metrics/rolling?task=nope").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("unknown task").jsonPath("$.task").isEqualTo("nope");
        http.post().uri("/v1/metrics/rolling?task=calories").exchange().expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "GET, HEAD");
        assertThat(registry.scrape()).contains("hindsight_http_rejected_total{reason=\"invalid\",route=\"/v1/metrics/rolling\"} 1.0");
    }

    @Test
    void thePageItsAssetsAndUplotAreServedFromThisOriginOnly() {
        String html = text("/dashboard", "text/html");
        assertThat(html).contains("data-tasks=\"calories digits rps\"").contains("data-drift-tasks=\"calories digits\"")
                .contains("id=\"promotions\"")
                .contains("<script src=\"/dashboard/vendor/uPlot.iife.min.js\" defer></script>")
                .contains("<script src=\"/dashboard/dashboard.js\" defer></script>")
                .doesNotContain("http://", "https://");
        assertThat(text("/dashboard/dashboard.js", "text/javascript")).contains("/v1/metrics/rolling?task=")
                .contains("/v1/metrics/drift?task=").contains("/v1/promotions?limit=");
        assertThat(text("/dashboard/dashboard.css", "text/css")).contains(".chart");
        assertThat(text(DashboardPage.UPLOT_JS, "text/javascript")).contains("uPlot");
        assertThat(text(DashboardPage.UPLOT_CSS, "text/css")).contains(".uplot");
        assertThat(DashboardPage.uplotVersion()).isEqualTo("1.6.30");
        http.head().uri("/dashboard").exchange().expectStatus().isOk().expectBody().isEmpty();
        http.get().uri("/dashboard").exchange().expectHeader()
                .valueEquals("Content-Security-Policy", DashboardPage.CSP);
        assertThat(registry.scrape()).contains("hindsight_http_requests_total{route=\"/dashboard\",status=\"200\"}");
    }

    @Test
    void theHomePageLinksTheDashboard() {
        byte[] home = http.get().uri("/").exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(new String(home, StandardCharsets.UTF_8)).contains("<a href=\"/dashboard\">");
    }

    @Test
    void withoutTheGatewayRoleTheDashboardIsNotServedAndSaysWhy() {
        WebTestClient ops = TestGateways.client(TestGateways.handler(TestGateways.config(false), new TestGateways.Fakes(),
                registry));
        ops.get().uri("/dashboard").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).contains("does not run the gateway role"));
    }

    private String text(String path, String type) {
        byte[] body = http.get().uri(path).exchange().expectStatus().isOk()
                .expectHeader().contentType(type + ";charset=utf-8")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody().returnResult().getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }
}
