package io.hindsight.gateway.digits;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.gateway.bus.NoModelException;
import io.hindsight.gateway.bus.PredictionTimeoutException;
import io.hindsight.gateway.http.FakeBus;
import io.hindsight.gateway.http.TestGateways;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The digits HTTP routes over the real stack with a fake bus: shapes, validation, metrics, accuracy, the page. */
class DigitsRoutesTest {
    static final String STROKES = "{\"id\":\"s-1\",\"strokes\":{\"width\":280,\"height\":280,\"lines\":[[[140,40],[140,240]]]}}";

    PrometheusMeterRegistry registry;
    TestGateways.Fakes fakes;
    WebTestClient http;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        fakes = new TestGateways.Fakes();
        http = TestGateways.client(TestGateways.handler(TestGateways.config(true).withMaxBodyBytes(64 * 1024), fakes, registry));
    }

    private WebTestClient.ResponseSpec post(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String body(WebTestClient.ResponseSpec spec) {
        return new String(spec.expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }

    static String pixels(String id, double value) {
        return "{" + (id == null ? "" : "\"id\":" + id + ",") + "\"pixels\":["
                + String.join(",", Collections.nCopies(784, Double.toString(value))) + "]}";
    }

    @Test
    void predictAnswersTheDigitProbabilitiesTop3ModelAndShadows() {
        String answer = body(post("/v1/digits/predict", STROKES).expectStatus().isOk());
        assertThat(answer).isEqualTo("{\"id\":\"s-1\",\"digit\":7,"
                + "\"probabilities\":[0.0125,0.0125,0.0125,0.0125,0.0125,0.0125,0.0125,0.8,0.1,0.0125],"
                + "\"top3\":[{\"digit\":7,\"p\":0.8},{\"digit\":8,\"p\":0.1},{\"digit\":0,\"p\":0.0125}],"
                + "\"model\":{\"family\":\"cnn\",\"version\":\"digits-cnn-aaaaaaaaaaaa\",\"alias\":\"Production\"},"
                + "\"shadows\":[{\"family\":\"xgboost\",\"version\":\"digits-xgboost-bbbbbbbbbbbb\",\"alias\":\"B\","
                + "\"digit\":8,\"p\":0.8}],\"replay\":false}");
        assertThat(fakes.digits.requests.get("s-1")).as("the client's bytes go to Kafka unchanged")
                .isEqualTo(STROKES.getBytes(StandardCharsets.UTF_8));
        assertThat(fakes.calories.requests).isEmpty();
    }

    @Test
    void pixelsAndBitmapsArePredictedAndAMissingIdIsGenerated() {
        post("/v1/digits/predict", pixels("5", 0.5)).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(5);
        String answer = body(post("/v1/digits/predict", "{\"bitmap\":{\"width\":8,\"height\":8,\"data\":["
                + String.join(",", Collections.nCopies(64, "0")) + "]}}").expectStatus().isOk());
        String id = Json.tree(answer.getBytes(StandardCharsets.UTF_8)).get("id").asString();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        JsonNode produced = Json.tree(fakes.digits.requests.get(id));
        assertThat(produced.get("id").asString()).isEqualTo(id);
        assertThat(produced.get("bitmap").get("width").asInt()).isEqualTo(8);
    }

    @Test
    void aModelWithoutProbabilitiesIsShownAsSureOfItsDigit() {
        fakes.digits.answer = id -> Mono.just(new io.hindsight.contracts.prediction.PredictionRecord(id, "digits",
                new io.hindsight.contracts.prediction.ModelOutput("tree", "t1", "Production", 3, null),
                java.util.List.of(), 1, 2, true));
        post("/v1/digits/predict", STROKES).expectStatus().isOk().expectBody()
                .jsonPath("$.digit").isEqualTo(3)
                .jsonPath("$.probabilities[3]").isEqualTo(1.0)
                .jsonPath("$.top3[0].digit").isEqualTo(3)
                .jsonPath("$.replay").isEqualTo(true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "pixels|{\"id\":1,\"pixels\":[0.5,0.5]}",
        "pixels|{\"id\":1,\"pixels\":[2]}",
        "$|{\"id\":1}",
        "$|{\"id\":1,\"pixels\":[],\"strokes\":{\"width\":280,\"height\":280,\"lines\":[[[1,2]]]}}",
        "strokes|{\"id\":1,\"strokes\":{\"width\":280,\"height\":280,\"lines\":[]}}",
        "strokes|{\"id\":1,\"strokes\":{\"width\":2,\"height\":280,\"lines\":[[[1,2]]]}}",
        "draft|{\"id\":1,\"draft\":\"yes\",\"strokes\":{\"width\":280,\"height\":280,\"lines\":[[[1,2]]]}}",
        "id|{\"id\":\"\",\"strokes\":{\"width\":280,\"height\":280,\"lines\":[[[1,2]]]}}"})
    void invalidRequestsAre400NamingTheFieldAndCounted(String field, String json) {
        post("/v1/digits/predict", json).expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid request")
                .jsonPath("$.fields[*].field").value(f -> assertThat(f.toString()).contains(field));
        assertThat(fakes.digits.requests).isEmpty();
        assertThat(registry.get("hindsight.http.rejected").tags("route", "/v1/digits/predict", "reason", "invalid")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void malformedOrOversizeBodiesAreRejectedLikeCalories() {
        post("/v1/digits/predict", "{\"id\":").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("$");
        post("/v1/digits/predict", pixels("1", 0.123456789).repeat(120)).expectStatus().isEqualTo(413);
        http.post().uri("/v1/digits/predict").contentType(MediaType.TEXT_PLAIN).bodyValue(STROKES).exchange()
                .expectStatus().isEqualTo(415);
        assertThat(registry.get("hindsight.http.rejected").tags("route", "/v1/digits/predict", "reason", "malformed")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("hindsight.http.rejected").tags("route", "/v1/digits/predict", "reason", "too_large")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void aWholeCanvasBitmapFitsUnderTheDigitsBodyLimit() {
        String bitmap = "{\"id\":\"canvas\",\"bitmap\":{\"width\":280,\"height\":280,\"data\":["
                + String.join(",", Collections.nCopies(280 * 280, "0.5")) + "]}}";
        assertThat(bitmap.length()).isGreaterThan(64 * 1024);
        post("/v1/digits/predict", bitmap).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo("canvas");
    }

    @Test
    void noPredictionInTimeIs504NamingTheId() {
        fakes.digits.answer = id -> Mono.error(new PredictionTimeoutException(id));
        post("/v1/digits/predict", STROKES).expectStatus().isEqualTo(504)
                .expectBody().jsonPath("$.id").isEqualTo("s-1").jsonPath("$.error").isEqualTo("timeout");
    }

    @Test
    void noModelYetIsAnImmediate503SayingSoWithRetryAfter() {
        fakes.digits.answer = id -> Mono.error(new NoModelException("digits"));
        post("/v1/digits/predict", STROKES).expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "10")
                .expectBody().jsonPath("$.error").isEqualTo("no model")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("no digits model is serving yet"));
    }

    @Test
    void feedbackIsValidatedAndProducedByItsId() {
        post("/v1/digits/feedback", "{\"id\":\"s-1\",\"label\":7}").expectStatus().isAccepted()
                .expectBody().json("{\"accepted\":true,\"id\":\"s-1\"}", true);
        assertThat(fakes.digits.feedback).containsKey("s-1");
        post("/v1/digits/feedback", "{\"id\":\"s-1\",\"label\":10}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("label");
        post("/v1/digits/feedback", "{\"id\":\"s-1\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("label");
        assertThat(fakes.digits.feedback).hasSize(1);
    }

    @Test
    void accuracyCountsEachAliasAndVersionFromTheScoredRecords() {
        http.get().uri("/v1/digits/accuracy").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.served.total").isEqualTo(0).jsonPath("$.models.length()").isEqualTo(0);
        fakes.accuracy.scored(scored("a", "B", "xgboost", false, 3, 3));
        fakes.accuracy.scored(scored("a", "Production", "cnn", true, 3, 3));
        fakes.accuracy.scored(scored("b", "Production", "cnn", true, 5, 6));
        http.get().uri("/v1/digits/accuracy").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.task").isEqualTo("digits")
                .jsonPath("$.served.total").isEqualTo(2)
                .jsonPath("$.served.correct").isEqualTo(1)
                .jsonPath("$.served.accuracy").isEqualTo(0.5)
                .jsonPath("$.models[0].alias").isEqualTo("Production")
                .jsonPath("$.models[0].total").isEqualTo(2)
                .jsonPath("$.models[1].alias").isEqualTo("B")
                .jsonPath("$.models[1].accuracy").isEqualTo(1.0);
    }

    static ScoredRecord scored(String id, String alias, String family, boolean served, int predicted, int truth) {
        return new ScoredRecord(id, "digits", family, "digits-" + family + "-v1", alias, served, predicted, truth,
                Math.abs(predicted - truth), null, predicted == truth, 1000L, 2000L, 1000L);
    }

    @Test
    void thePageAndItsAssetsAreServedWithASameOriginPolicy() {
        String page = body(http.get().uri("/digits").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/html;charset=utf-8")
                .expectHeader().valueMatches("Content-Security-Policy", ".*default-src 'self'.*connect-src 'self'.*")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff"));
        assertThat(page).contains("<canvas id=\"pad\"", "/digits/digits.js", "/digits/digits.css", "Running accuracy")
                .doesNotContain("http://", "https://");
        String js = body(http.get().uri("/digits/digits.js").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/javascript;charset=utf-8"));
        assertThat(js).contains("/v1/digits/live", "'draft'", "'answer'");
        http.get().uri("/digits/digits.css").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/css;charset=utf-8");
        http.head().uri("/digits").exchange().expectStatus().isOk();
        http.get().uri("/digits/other.js").exchange().expectStatus().isNotFound();
    }

    @Test
    void theHomePageLinksTheDigitsPage() {
        assertThat(body(http.get().uri("/").exchange().expectStatus().isOk()))
                .contains("href=\"/digits\"", "POST /v1/digits/predict", "WS /v1/digits/live",
                        "admin routes are off: set HINDSIGHT_ADMIN_TOKEN");
    }

    @Test
    void theLiveRouteWithoutAWebSocketHandshakeIs426() {
        http.get().uri("/v1/digits/live").exchange().expectStatus().isEqualTo(426)
                .expectHeader().valueEquals("Upgrade", "websocket")
                .expectBody().jsonPath("$.error").isEqualTo("upgrade required");
    }

    @Test
    void wrongMethodsAre405AndEveryRouteIsCounted() {
        http.get().uri("/v1/digits/predict").exchange().expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "POST");
        http.post().uri("/v1/digits/accuracy").exchange().expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "GET, HEAD");
        http.get().uri("/v1/models/digits").exchange().expectStatus().isEqualTo(405);
        post("/v1/digits/predict", STROKES).expectStatus().isOk();
        String text = registry.scrape();
        assertThat(text).contains("hindsight_http_requests_total{route=\"/v1/digits/predict\",status=\"200\"} 1.0",
                "hindsight_http_requests_total{route=\"/v1/digits/predict\",status=\"405\"} 1.0",
                "hindsight_http_rejected_total{reason=\"invalid\",route=\"/v1/digits/feedback\"} 0",
                "hindsight_ws_sessions{route=\"/v1/digits/live\"} 0",
                "hindsight_model_uploads_total{reason=\"none\",result=\"accepted\",task=\"digits\"} 0");
    }

    @Test
    void aFakeBusAnswersDraftsAsDrafts() {
        assertThat(FakeBus.digitsPrediction("d.1", 2, false).draft()).isTrue();
    }
}
