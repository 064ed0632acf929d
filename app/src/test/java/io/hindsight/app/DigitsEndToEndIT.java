package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.gateway.BrowserScript;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Digits through the whole system in one process: the first start loads MNIST and trains (quick) models in
 * the background, the CNN is served through ONNX Runtime, a person's answer is scored per model, and the
 * page works in a real browser against all of it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DigitsEndToEndIT {
    private static InProcessHindsight app;

    @BeforeAll
    static void start() throws Exception {
        app = InProcessHindsight.start("digits-e2e", DigitsFirstStartMode.QUICK);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void aHeldOutDigitIsGuessedByTheOnnxCnnWithItsProbabilities() throws Exception {
        MnistDigits holdout = MnistDigits.holdout();
        String body = new String(Json.MAPPER.writeValueAsBytes(DigitsRequest.ofPixels("e2e-digit-0", holdout.image(0))),
                StandardCharsets.UTF_8);
        // The quick first start trains in the background; until its CNN is published a guess waits or times out.
        HttpResponse<String>[] r = new HttpResponse[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            r[0] = post("/v1/digits/predict", body);
            return r[0].statusCode() == 200;
        });
        JsonNode answer = Json.tree(r[0].body().getBytes(StandardCharsets.UTF_8));
        assertThat(answer.get("id").asString()).isEqualTo("e2e-digit-0");
        assertThat(answer.get("model").get("family").asString()).isEqualTo("cnn");
        assertThat(answer.get("model").get("alias").asString()).isEqualTo("Production");
        assertThat(answer.get("probabilities").size()).isEqualTo(10);
        double sum = 0;
        for (JsonNode p : answer.get("probabilities")) {
            sum += p.asDouble();
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(answer.get("digit").asInt()).as("MNIST test digit 0 is a clear 7").isEqualTo(7);
    }

    @Test
    @Order(2)
    void theAnswerIsScoredForTheServedModelAndItsShadowsAndShowsInMetrics() throws Exception {
        // B (XGBoost) may still be training: wait until the guess carries its shadow, then answer.
        MnistDigits holdout = MnistDigits.holdout();
        String id = "e2e-digit-1";
        String body = new String(Json.MAPPER.writeValueAsBytes(DigitsRequest.ofPixels(id, holdout.image(1))), StandardCharsets.UTF_8);
        int[] n = {0};
        String[] used = {id};
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            used[0] = id + "-" + n[0]++;
            HttpResponse<String> r = post("/v1/digits/predict", body.replace(id, used[0]));
            return r.statusCode() == 200 && Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).get("shadows").size() >= 1;
        });
        int truth = holdout.label(1);
        HttpResponse<String> fb = post("/v1/digits/feedback", "{\"id\":\"" + used[0] + "\",\"label\":" + truth + "}");
        assertThat(fb.statusCode()).as(fb.body()).isEqualTo(202);

        ConsumerRecord<String, byte[]> served = TestKafka.awaitRecord(app.bootstrapServers(), "digits.scored",
                r -> used[0].equals(r.key()) && Json.tree(r.value()).get("served").asBoolean(), Duration.ofSeconds(60));
        JsonNode s = Json.tree(served.value());
        assertThat(s.get("family").asString()).isEqualTo("cnn");
        assertThat(s.get("truth").asInt()).isEqualTo(truth);
        assertThat(s.get("correct").asBoolean()).isEqualTo(s.get("predicted").asInt() == truth);
        ConsumerRecord<String, byte[]> shadow = TestKafka.awaitRecord(app.bootstrapServers(), "digits.scored",
                r -> used[0].equals(r.key()) && !Json.tree(r.value()).get("served").asBoolean(), Duration.ofSeconds(60));
        assertThat(Json.tree(shadow.value()).get("family").asString()).isEqualTo("xgboost");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("/metrics").body())
                .contains("hindsight_classified_total{").contains("task=\"digits\"")
                .contains("hindsight_rolling_accuracy"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get("/v1/digits/accuracy").body()).contains("\"alias\":\"Production\"").contains("\"alias\":\"B\""));
    }

    @Test
    @Order(3)
    void aPersonDrawsOnThePageSeesAGuessConfirmsItAndSeesTheAccuracyChange() throws Exception {
        BrowserScript.requireTools();
        var shot = BrowserScript.OUT.resolve("digits-full-system.png").toAbsolutePath();
        BrowserScript.Result r = BrowserScript.node("digits-page.mjs", 240, app.base(), shot.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
        assertThat(Files.size(shot)).isPositive();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return app.get(path);
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return app.post(path, body);
    }
}
