package io.hindsight.gateway.calories;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.gateway.Readiness;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.bus.PredictionTimeoutException;
import io.hindsight.gateway.http.FakeBus;
import io.hindsight.gateway.http.TestGateways;
import io.hindsight.gateway.ops.ModelCatalog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The calories routes over the real HTTP stack with a fake bus: shapes, validation, error mapping, metrics. */
class CaloriesRoutesTest {
    static final String GOOD =
            "{\"id\":1,\"Sex\":\"male\",\"Age\":30,\"Height\":180,\"Weight\":80,\"Duration\":20,\"Heart_Rate\":100,\"Body_Temp\":40.1}";

    FakeBus bus;
    PrometheusMeterRegistry registry;
    WebTestClient http;

    @BeforeEach
    void setUp() {
        bus = new FakeBus();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        http = TestGateways.client(TestGateways.config(true), bus, registry,
                () -> Mono.just(Map.of("kafka", true)), Readiness.none(), ModelCatalog.empty());
    }

    private WebTestClient.ResponseSpec post(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String body(WebTestClient.ResponseSpec spec) {
        return new String(spec.expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }

    private double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void v1AnswersTheServedValueTheModelAndEveryShadowInOrder() {
        String body = body(post("/v1/calories/predict", GOOD).expectStatus().isOk());
        assertThat(body).isEqualTo("{\"id\":1,\"Calories\":99.5,"
                + "\"model\":{\"family\":\"xgboost\",\"version\":\"v2\",\"alias\":\"Production\"},"
                + "\"shadows\":[{\"family\":\"xgboost\",\"version\":\"v1\",\"alias\":\"shadow1\",\"Calories\":98.5},"
                + "{\"family\":\"sgd\",\"version\":\"s1\",\"alias\":\"shadow2\",\"Calories\":100.5}],"
                + "\"replay\":false}");
        assertThat(bus.requests.get("1")).as("the client's bytes go to Kafka unchanged")
                .isEqualTo(GOOD.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void seedPredictAnswersExactlyIdAndCaloriesKeepingTheIdsType() {
        assertThat(body(post("/predict", GOOD).expectStatus().isOk())).isEqualTo("{\"id\":1,\"Calories\":99.5}");
        assertThat(body(post("/predict", GOOD.replace("\"id\":1", "\"id\":\"a-7\"")).expectStatus().isOk()))
                .isEqualTo("{\"id\":\"a-7\",\"Calories\":99.5}");
        assertThat(bus.requests).containsKeys("1", "a-7");
    }

    @Test
    void aReplayIsReported() {
        bus.answer = id -> Mono.just(FakeBus.prediction(id, 12.0, true));
        post("/v1/calories/predict", GOOD).expectStatus().isOk().expectBody().jsonPath("$.replay").isEqualTo(true);
    }

    @Test
    void aMissingIdIsGeneratedAndWrittenIntoTheRecord() {
        String body = body(post("/v1/calories/predict", GOOD.replace("\"id\":1,", "")).expectStatus().isOk());
        String id = Json.tree(body.getBytes(StandardCharsets.UTF_8)).get("id").asString();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        JsonNode produced = Json.tree(bus.requests.get(id));
        assertThat(produced.get("id").asString()).isEqualTo(id);
        assertThat(produced.get("Age").asInt()).isEqualTo(30);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "Age|-5",
        "Sex|\"x\"",
        "Duration|1e9",
        "Body_Temp|null",
        "Weight|\"heavy\"",
        "Heart_Rate|ABSENT",
        "id|\"\"",
        "id|{\"a\":1}"})
    void invalidFieldsAre400NamingTheField(String field, String json) {
        ObjectNode body = (ObjectNode) Json.tree(GOOD.getBytes(StandardCharsets.UTF_8));
        if (json.equals("ABSENT")) {
            body.remove(field);
        } else {
            body.set(field, Json.tree(json.getBytes(StandardCharsets.UTF_8)));
        }
        post("/v1/calories/predict", body.toString()).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid request")
                .jsonPath("$.fields[*].field").value(f -> assertThat(f.toString()).contains(field));
        assertThat(bus.requests).isEmpty();
        assertThat(counter("hindsight.http.rejected", "route", "/v1/calories/predict", "reason", "invalid")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":1,", "not json", "{\"id\":1}}", ""})
    void malformedOrEmptyBodiesAre400NamingTheDocument(String body) {
        post("/predict", body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("$");
        assertThat(counter("hindsight.http.rejected", "route", "/predict", "reason", "malformed")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"a string\"", "42", "null"})
    void aBodyThatIsNotAnObjectIs400(String body) {
        post("/v1/calories/predict", body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("$");
    }

    @Test
    void aBodyOverTheLimitIs413ByContentLengthOrWhileReading() {
        String big = GOOD.replace("}", ",\"pad\":\"" + "x".repeat(2000) + "\"}");
        post("/v1/calories/predict", big).expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error").isEqualTo("request body too large");
        // no Content-Length: the limit applies to the bytes as they arrive
        DefaultDataBufferFactory f = DefaultDataBufferFactory.sharedInstance;
        Flux<DataBuffer> chunks = Flux.range(0, 10).map(i -> f.wrap("x".repeat(200).getBytes(StandardCharsets.UTF_8)));
        http.post().uri("/predict").contentType(MediaType.APPLICATION_JSON).body(chunks, DataBuffer.class).exchange()
                .expectStatus().isEqualTo(413);
        assertThat(counter("hindsight.http.rejected", "route", "/v1/calories/predict", "reason", "too_large")).isEqualTo(1);
        assertThat(counter("hindsight.http.rejected", "route", "/predict", "reason", "too_large")).isEqualTo(1);
        assertThat(bus.requests).isEmpty();
    }

    @Test
    void kafkaUnavailableIs503WithRetryAfter() {
        bus.answer = id -> Mono.error(new BusUnavailableException("Kafka does not answer"));
        post("/predict", GOOD).expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectBody().jsonPath("$.error").isEqualTo("kafka unavailable");
        bus.feedbackAnswer = Mono.error(new BusUnavailableException("Kafka does not answer"));
        post("/v1/calories/feedback", "{\"id\":1,\"Calories\":3}").expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "1");
        assertThat(counter("hindsight.http.rejected", "route", "/predict", "reason", "unavailable")).isEqualTo(1);
    }

    @Test
    void noPredictionInTimeIs504NamingTheIdAsSent() {
        bus.answer = id -> Mono.error(new PredictionTimeoutException(id));
        post("/v1/calories/predict", GOOD).expectStatus().isEqualTo(504)
                .expectBody()
                .jsonPath("$.error").isEqualTo("timeout")
                .jsonPath("$.id").isEqualTo(1)
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("retry with the same id"));
        assertThat(counter("hindsight.http.rejected", "route", "/v1/calories/predict", "reason", "timeout")).isEqualTo(1);
    }

    @Test
    void anUnexpectedFailureIsAJson500NotAStackTrace() {
        bus.answer = id -> Mono.error(new IllegalStateException("boom"));
        post("/predict", GOOD).expectStatus().isEqualTo(500)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("internal error");
    }

    @Test
    void feedbackIsValidatedAndProducedByItsId() {
        post("/v1/calories/feedback", "{\"id\":5,\"Calories\":150.0,\"ts\":1700000000.5}").expectStatus().isAccepted()
                .expectBody().json("{\"accepted\":true,\"id\":5}", true);
        assertThat(body(post("/feedback", "{\"id\":\"x\",\"Calories\":3}").expectStatus().isOk())).isEqualTo("{\"ok\":true}");
        assertThat(bus.feedback).containsKeys("5", "x");
        post("/feedback", "{\"id\":5}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("Calories");
        post("/v1/calories/feedback", "{\"id\":5,\"Calories\":1,\"ts\":-3}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("ts");
    }

    @Test
    void wrongContentTypeIs415AndWrongMethodIs405WithAllow() {
        http.post().uri("/predict").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(GOOD).exchange()
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.error").isEqualTo("unsupported content type");
        http.post().uri("/predict").contentType(MediaType.parseMediaType("application/vnd.calories+json")).bodyValue(GOOD)
                .exchange().expectStatus().isOk();
        http.post().uri("/predict").bodyValue(GOOD.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isOk(); // no content type: taken as JSON
        for (String path : List.of("/predict", "/feedback", "/v1/calories/predict", "/v1/calories/feedback")) {
            http.get().uri(path).exchange().expectStatus().isEqualTo(405)
                    .expectHeader().valueEquals("Allow", "POST")
                    .expectBody().jsonPath("$.error").isEqualTo("method not allowed");
        }
        http.put().uri("/v1/digits/predict").bodyValue(GOOD).exchange().expectStatus().isEqualTo(405);
        http.post().uri("/healthz").exchange().expectStatus().isEqualTo(405).expectHeader().valueEquals("Allow", "GET, HEAD");
    }

    @Test
    void anUnknownTaskOrPathIs404Json() {
        post("/v1/rps/predict", GOOD).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("unknown task").jsonPath("$.task").isEqualTo("rps");
        post("/v1/nope/feedback", "{}").expectStatus().isNotFound();
        http.get().uri("/wp-admin").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("not found");
    }

    @Test
    void everyRequestIsCountedAndTimedByRouteAndStatus() {
        post("/predict", GOOD).expectStatus().isOk();
        post("/predict", GOOD).expectStatus().isOk();
        post("/predict", "{").expectStatus().isBadRequest();
        http.get().uri("/wp-admin").exchange().expectStatus().isNotFound();
        assertThat(counter("hindsight.http.requests", "route", "/predict", "status", "200")).isEqualTo(2);
        assertThat(counter("hindsight.http.requests", "route", "/predict", "status", "400")).isEqualTo(1);
        assertThat(counter("hindsight.http.requests", "route", "unmatched", "status", "404")).isEqualTo(1);
        assertThat(registry.find("hindsight.http.request").tag("route", "/predict").timer().count()).isEqualTo(3);
        assertThat(registry.get("hindsight.gateway.inflight.requests").gauge().value()).isZero();
        String text = registry.scrape();
        assertThat(text).contains("hindsight_http_request_seconds_bucket{route=\"/predict\",le=");
        assertThat(text).contains("hindsight_http_rejected_total{reason=\"timeout\",route=\"/v1/calories/feedback\"} 0");
    }
}
