package io.hindsight.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The gateway on a real (embedded) broker, with a stand-in predictor answering on calories.predictions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIT {
    static final String GOOD =
            "{\"id\":1,\"Sex\":\"male\",\"Age\":30,\"Height\":180,\"Weight\":80,\"Duration\":20,\"Heart_Rate\":100,\"Body_Temp\":40.1}";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    EmbeddedKafka kafka;
    GatewayServer gateway;
    CaloriesResponder responder;
    PrometheusMeterRegistry registry;
    WebTestClient http;
    final HttpClient jdk = HttpClient.newHttpClient();
    int readyzBeforeTopics;
    JsonNode readyzBodyBeforeTopics;

    @BeforeAll
    void start() throws Exception {
        kafka = EmbeddedKafka.temporary().start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayConfig config = GatewayConfig.defaults(kafka.bootstrapServers()).withHttpPort(0)
                .withRequestTimeout(REQUEST_TIMEOUT).withVersion("1.2.3-test");
        gateway = GatewayServer.start(config, registry, () -> Map.of("predictor", true));
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + gateway.port())
                .responseTimeout(Duration.ofSeconds(15)).build();

        HttpResponse<String> before = get("/readyz");
        readyzBeforeTopics = before.statusCode();
        readyzBodyBeforeTopics = Json.tree(before.body().getBytes(StandardCharsets.UTF_8));

        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(30));
        publishModel();
        responder = new CaloriesResponder(kafka.bootstrapServers());
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/readyz").statusCode() == 200);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (responder != null) {
            responder.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private void publishModel() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        ModelVersion v = new ModelVersion("calories-xgboost-v2", "calories", "xgboost", 1_700_000_000_000L,
                ModelVersion.TRIBUO_PROTOBUF, "ab12", 1234, List.of("Sex", "Age"), Map.of("rmsle", 0.061),
                Map.of("seed", 42, "trainer", "XGBoostRegressionTrainer"),
                List.of(new TrainingRange("calories.requests", 0, 0, 5000)), "0.1.0");
        AliasAssignment a = new AliasAssignment("calories", "xgboost", "Production", v.version(), 1_700_000_001_000L, "first");
        try (KafkaProducer<String, ModelVersion> models = new KafkaProducer<>(p, Topics.MODELS.keySerde().serializer(),
                Topics.MODELS.valueSerde().serializer());
             KafkaProducer<String, AliasAssignment> aliases = new KafkaProducer<>(p,
                     Topics.MODEL_ALIASES.keySerde().serializer(), Topics.MODEL_ALIASES.valueSerde().serializer())) {
            models.send(new ProducerRecord<>(Topics.MODELS.name(), v.version(), v)).get();
            aliases.send(new ProducerRecord<>(Topics.MODEL_ALIASES.name(), a.key(), a)).get();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return jdk.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private WebTestClient.ResponseSpec post(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void readyzIs503BeforeTheTopicsExistThen200() throws Exception {
        assertThat(readyzBeforeTopics).isEqualTo(503);
        assertThat(readyzBodyBeforeTopics.get("ready").asBoolean()).isFalse();
        assertThat(readyzBodyBeforeTopics.get("checks").get("topics").asBoolean()).isFalse();
        http.get().uri("/readyz").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.ready").isEqualTo(true)
                .jsonPath("$.checks.kafka").isEqualTo(true)
                .jsonPath("$.checks.topics").isEqualTo(true)
                .jsonPath("$.checks.model").isEqualTo(true)
                .jsonPath("$.checks.replies").isEqualTo(true)
                .jsonPath("$.checks.predictor").isEqualTo(true);
    }

    @Test
    void v1PredictAnswersWithTheServedModelAndShadows() {
        post("/v1/calories/predict", GOOD).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(1)
                .jsonPath("$.Calories").isEqualTo(150.0)
                .jsonPath("$.model.family").isEqualTo("xgboost")
                .jsonPath("$.model.version").isEqualTo("calories-xgboost-v2")
                .jsonPath("$.model.alias").isEqualTo("Production")
                .jsonPath("$.shadows[0].alias").isEqualTo("shadow1")
                .jsonPath("$.shadows[0].version").isEqualTo("calories-xgboost-v1")
                .jsonPath("$.shadows[0].Calories").isEqualTo(151.0)
                .jsonPath("$.replay").isEqualTo(false);
    }

    @Test
    void aRepeatedIdIsAnsweredWithTheOriginalPredictionAsAReplay() {
        String body = GOOD.replace("\"id\":1", "\"id\":\"again-1\"");
        post("/v1/calories/predict", body).expectStatus().isOk().expectBody().jsonPath("$.replay").isEqualTo(false);
        post("/v1/calories/predict", body.replace("\"Duration\":20", "\"Duration\":30")).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo("again-1")
                .jsonPath("$.Calories").isEqualTo(150.0)
                .jsonPath("$.replay").isEqualTo(true);
    }

    @Test
    void seedPredictAnswersExactlyIdAndCalories() {
        byte[] body = post("/predict", GOOD.replace("\"id\":1", "\"id\":42")).expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"id\":42,\"Calories\":150.0}");
    }

    @Test
    void aRequestWithoutIdGetsAUuidThatTravelsOnKafka() {
        byte[] body = post("/predict", GOOD.replace("\"id\":1,", "")).expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        JsonNode answer = Json.tree(body);
        String id = answer.get("id").asString();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(answer.get("Calories").asDouble()).isEqualTo(150.0);
        assertThat(Json.tree(responder.request(id)).get("id").asString()).isEqualTo(id);
    }

    @ParameterizedTest(name = "{0}={1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
        "Age|-5",
        "Sex|\"x\"",
        "Duration|1e9",
        "Heart_Rate|ABSENT",
        "Weight|\"heavy\""})
    void invalidRequestsAre400NamingTheField(String field, String json) {
        ObjectNode body = (ObjectNode) Json.tree(GOOD.getBytes(StandardCharsets.UTF_8));
        if (json.equals("ABSENT")) {
            body.remove(field);
        } else {
            body.set(field, Json.tree(json.getBytes(StandardCharsets.UTF_8)));
        }
        for (String path : List.of("/v1/calories/predict", "/predict")) {
            post(path, body.toString()).expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.error").isEqualTo("invalid request")
                    .jsonPath("$.fields[*].field").value(fields -> assertThat(fields.toString()).contains(field))
                    .jsonPath("$.fields[0].message").isNotEmpty();
        }
    }

    @Test
    void malformedJsonIs400NamingTheDocument() {
        post("/v1/calories/predict", "{\"id\":1,").expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid request")
                .jsonPath("$.fields[0].field").isEqualTo("$")
                .jsonPath("$.fields[0].message").value(m -> assertThat(m.toString()).contains("malformed JSON"));
    }

    @Test
    void anOversizeBodyIs413WithOrWithoutContentLength() throws Exception {
        String big = GOOD.replace("}", ",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
        post("/v1/calories/predict", big).expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error").isEqualTo("request body too large");
        {
            HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + "/predict"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                    .build();
            HttpResponse<String> r = jdk.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("request body too large");
        }
    }

    @Test
    void wrongMethodContentTypeOrTaskAreJson4xx() {
        http.get().uri("/predict").exchange().expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader().valueEquals("Allow", "POST")
                .expectBody().jsonPath("$.error").isEqualTo("method not allowed");
        http.post().uri("/v1/calories/predict").contentType(MediaType.TEXT_PLAIN).bodyValue(GOOD).exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectBody().jsonPath("$.error").isEqualTo("unsupported content type");
        post("/v1/nope/predict", GOOD).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("unknown task").jsonPath("$.task").isEqualTo("nope");
        http.get().uri("/nothing-here").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_JSON);
    }

    @Test
    void noPredictionInTimeIs504WithTheIdAndRetryAdvice() {
        post("/v1/calories/predict", GOOD.replace("\"id\":1", "\"id\":\"silent-1\""))
                .expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectBody()
                .jsonPath("$.id").isEqualTo("silent-1")
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("retry with the same id"));
    }

    @Test
    void feedbackLandsOnCaloriesFeedback() {
        post("/v1/calories/feedback", "{\"id\":\"fb-1\",\"Calories\":150.5}").expectStatus().isAccepted()
                .expectBody().jsonPath("$.accepted").isEqualTo(true).jsonPath("$.id").isEqualTo("fb-1");
        byte[] seed = post("/feedback", "{\"id\":77,\"Calories\":90,\"ts\":1700000000.5}").expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(seed, StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        post("/feedback", "{\"id\":77,\"Calories\":-1}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("Calories");

        Map<String, String> found = readFeedback(2);
        assertThat(Json.tree(found.get("fb-1").getBytes(StandardCharsets.UTF_8)).get("Calories").asDouble()).isEqualTo(150.5);
        assertThat(Json.tree(found.get("77").getBytes(StandardCharsets.UTF_8)).get("ts").asDouble()).isEqualTo(1700000000.5);
    }

    private Map<String, String> readFeedback(int expected) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Map<String, String> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            consumer.partitionsFor(Topics.calories().feedback().name())
                    .forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    found.put(r.key(), new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return found;
    }

    @Test
    void metricsExposeTheCountersInPrometheusText() {
        post("/v1/calories/predict", GOOD).expectStatus().isOk();
        post("/v1/calories/predict", GOOD.replace("\"Age\":30", "\"Age\":-5")).expectStatus().isBadRequest();
        String text = http.get().uri("/metrics").exchange().expectStatus().isOk()
                .expectHeader().contentType("text/plain;version=0.0.4;charset=utf-8")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(text)
                .contains("hindsight_http_requests_total{route=\"/v1/calories/predict\",status=\"200\"}")
                .contains("hindsight_http_requests_total{route=\"/v1/calories/predict\",status=\"400\"}")
                .contains("hindsight_http_request_seconds_bucket{route=\"/v1/calories/predict\"")
                .contains("hindsight_http_rejected_total{reason=\"invalid\",route=\"/v1/calories/predict\"}")
                .contains("hindsight_http_rejected_total{reason=\"too_large\",route=\"/predict\"}")
                .contains("hindsight_gateway_inflight_requests")
                .contains("hindsight_gateway_pending_replies");
    }

    @Test
    void infoShowsBuildJavaRolesAndTheServedModels() {
        http.get().uri("/info").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo("1.2.3-test")
                .jsonPath("$.java").isEqualTo(System.getProperty("java.version"))
                .jsonPath("$.roles.predictor").isEqualTo(true)
                .jsonPath("$.models[0].task").isEqualTo("calories")
                .jsonPath("$.models[0].family").isEqualTo("xgboost")
                .jsonPath("$.models[0].alias").isEqualTo("Production")
                .jsonPath("$.models[0].version").isEqualTo("calories-xgboost-v2")
                .jsonPath("$.models[0].createdAt").isEqualTo(1_700_000_000_000L)
                .jsonPath("$.models[0].metrics.rmsle").isEqualTo(0.061)
                .jsonPath("$.models[0].provenance.seed").isEqualTo(42)
                .jsonPath("$.models[0].trainingRanges[0].endOffset").isEqualTo(5000);
    }

    @Test
    void healthzAndTheHomePageAnswer() {
        http.get().uri("/healthz").exchange().expectStatus().isOk().expectBody().json("{\"status\":\"UP\"}");
        String home = http.get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(home).contains("/v1/calories/predict", "href=\"/metrics\"", "href=\"/info\"", "href=\"/readyz\"",
                "curl -s http://localhost:" + gateway.port() + "/v1/calories/predict");
    }
}
