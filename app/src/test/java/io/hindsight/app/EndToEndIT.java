package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.kafka.DlqHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every role in one JVM on an embedded broker, driven the three ways a client can: the v1 route, the seed-004
 * route, and a raw record on Kafka. No part of the path is mocked.
 */
class EndToEndIT {
    private static final String RECORD =
            "{\"id\":%s,\"Sex\":\"male\",\"Age\":30,\"Height\":180,\"Weight\":80,\"Duration\":20,\"Heart_Rate\":100,\"Body_Temp\":40.1}";
    private static InProcessHindsight app;

    @BeforeAll
    static void start() throws Exception {
        app = InProcessHindsight.start("e2e", DigitsFirstStartMode.OFF);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return app.get(path);
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return app.post(path, body);
    }

    static JsonNode json(String s) {
        return Json.tree(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void v1PredictNamesTheModelAndItsShadows() throws Exception {
        HttpResponse<String> r = post("/v1/calories/predict", String.format(RECORD, "\"e2e-v1\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.get("id").asString()).isEqualTo("e2e-v1");
        // Keytel for this record gives ~143 kcal; the model must be in the neighbourhood.
        assertThat(body.get("Calories").asDouble()).isBetween(100.0, 200.0);
        assertThat(body.get("model").get("version").asString()).startsWith("calories-");
        assertThat(body.get("model").get("alias").asString()).isEqualTo("Production");
        assertThat(body.get("shadows").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void seedRouteAnswersExactlyIdAndCaloriesAndARetryGetsTheSameAnswer() throws Exception {
        HttpResponse<String> first = post("/predict", String.format(RECORD, "424242"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode body = json(first.body());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "Calories");
        assertThat(body.get("id").isNumber()).isTrue();
        assertThat(body.get("id").asLong()).isEqualTo(424242);
        HttpResponse<String> again = post("/predict", String.format(RECORD, "424242"));
        assertThat(json(again.body()).get("Calories").asDouble()).isEqualTo(body.get("Calories").asDouble());
    }

    @Test
    void aRawKafkaRecordWithoutKeyGetsItsPrediction() throws Exception {
        String bootstrap = app.bootstrapServers();
        try (KafkaProducer<String, byte[]> p = TestKafka.producer(bootstrap)) {
            p.send(new ProducerRecord<>("calories.requests", null, String.format(RECORD, "\"raw-1\"").getBytes())).get();
        }
        ConsumerRecord<String, byte[]> pred = TestKafka.awaitRecord(bootstrap, "calories.predictions",
                r -> "raw-1".equals(r.key()), Duration.ofSeconds(30));
        JsonNode value = Json.tree(pred.value());
        assertThat(value.get("served").get("value").asDouble()).isBetween(100.0, 200.0);
        assertThat(value.get("replay").asBoolean()).isFalse();
    }

    @Test
    void feedbackIsScoredAndShowsUpInRollingMetrics() throws Exception {
        assertThat(post("/predict", String.format(RECORD, "\"fb-1\"")).statusCode()).isEqualTo(200);
        HttpResponse<String> fb = post("/feedback", "{\"id\":\"fb-1\",\"Calories\":150.0}");
        assertThat(fb.statusCode()).as(fb.body()).isEqualTo(200);
        ConsumerRecord<String, byte[]> scored = TestKafka.awaitRecord(app.bootstrapServers(), "calories.scored",
                r -> "fb-1".equals(r.key()) && Json.tree(r.value()).get("served").asBoolean(), Duration.ofSeconds(60));
        JsonNode s = Json.tree(scored.value());
        assertThat(s.get("truth").asDouble()).isEqualTo(150.0);
        assertThat(s.get("absError").asDouble()).isEqualTo(Math.abs(s.get("predicted").asDouble() - 150.0), org.assertj.core.data.Offset.offset(1e-9));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get("/metrics").body()).contains("hindsight_rolling_rmsle").contains("hindsight_rolling_coverage"));
    }

    @Test
    void badInputIsA400NamingTheFieldAndBadRecordsGoToTheDlq() throws Exception {
        HttpResponse<String> age = post("/v1/calories/predict", String.format(RECORD, "1").replace("\"Age\":30", "\"Age\":-5"));
        assertThat(age.statusCode()).isEqualTo(400);
        assertThat(age.body()).contains("Age");
        HttpResponse<String> sex = post("/predict", String.format(RECORD, "1").replace("\"male\"", "\"x\""));
        assertThat(sex.statusCode()).isEqualTo(400);
        assertThat(sex.body()).contains("Sex");
        HttpResponse<String> duration = post("/predict", String.format(RECORD, "1").replace("\"Duration\":20", "\"Duration\":1000000000"));
        assertThat(duration.body()).contains("Duration");
        assertThat(post("/predict", "{\"id\":1,").statusCode()).isEqualTo(400);
        assertThat(post("/predict", "{\"id\":1,\"pad\":\"" + "x".repeat(200_000) + "\"}").statusCode()).isEqualTo(413);

        try (KafkaProducer<String, byte[]> p = TestKafka.producer(app.bootstrapServers())) {
            p.send(new ProducerRecord<>("calories.requests", "bad-1", "{not json".getBytes())).get();
        }
        ConsumerRecord<String, byte[]> dead = TestKafka.awaitRecord(app.bootstrapServers(), "calories.requests.dlq",
                r -> "bad-1".equals(r.key()), Duration.ofSeconds(30));
        assertThat(DlqHeaders.reason(dead.headers())).contains("malformed JSON");
        assertThat(new String(dead.value())).isEqualTo("{not json");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/metrics").body()).contains("hindsight_dlq_total").contains("hindsight_http_rejected_total"));
    }

    @Test
    void anUnreadablePredictionIsKeptOnItsDlqAndTheJoinerGoesOn() throws Exception {
        try (KafkaProducer<String, byte[]> p = TestKafka.producer(app.bootstrapServers())) {
            p.send(new ProducerRecord<>("calories.predictions", "junk-1", "{\"requestId\":".getBytes())).get();
        }
        ConsumerRecord<String, byte[]> dead = TestKafka.awaitRecord(app.bootstrapServers(), "calories.predictions.dlq",
                r -> "junk-1".equals(r.key()), Duration.ofSeconds(60));
        assertThat(new String(dead.value())).isEqualTo("{\"requestId\":");
        assertThat(dead.headers().toArray()).isNotEmpty();
        assertThat(post("/predict", String.format(RECORD, "\"after-junk\"")).statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void infoListsTheModelsWithProvenance() throws Exception {
        JsonNode info = json(get("/info").body());
        assertThat(info.toString()).contains("Production").contains("calories-xgboost").contains("provenance");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }
}
