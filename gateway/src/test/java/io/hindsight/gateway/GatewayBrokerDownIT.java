package io.hindsight.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** With the broker gone the gateway answers 503 with Retry-After, never 500, and keeps serving its ops routes. */
class GatewayBrokerDownIT {
    static final String GOOD =
            "{\"id\":\"down-1\",\"Sex\":\"female\",\"Age\":41,\"Height\":165,\"Weight\":60,\"Duration\":12,\"Heart_Rate\":95,\"Body_Temp\":39.5}";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    EmbeddedKafka kafka;
    GatewayServer gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aStoppedBrokerMeans503WithRetryAfter() throws Exception {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(30));
        TestAliases.production(kafka.bootstrapServers(), "calories", "xgboost", "calories-xgboost-v1"); // a model serves
        gateway = GatewayServer.start(GatewayConfig.defaults(kafka.bootstrapServers()).withHttpPort(0)
                        .withRequestTimeout(Duration.ofSeconds(2)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Readiness.none());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(get("/readyz")).get("checks").get("replies").asBoolean());

        kafka.close();
        kafka = null;

        await().atMost(Duration.ofSeconds(30)).until(() -> post("/predict", GOOD).statusCode() == 503);
        HttpResponse<String> predict = post("/v1/calories/predict", GOOD);
        assertThat(predict.statusCode()).isEqualTo(503);
        assertThat(predict.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(predict).get("error").asString()).isEqualTo("kafka unavailable");

        HttpResponse<String> feedback = post("/v1/calories/feedback", "{\"id\":\"down-1\",\"Calories\":80}");
        assertThat(feedback.statusCode()).isEqualTo(503);
        assertThat(feedback.headers().firstValue("Retry-After")).hasValue("1");

        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(json(ready).get("checks").get("kafka").asBoolean()).isFalse();
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).contains("hindsight_http_rejected_total{reason=\"unavailable\",route=\"/v1/calories/predict\"}");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + gateway.port() + path);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.tree(r.body().getBytes(StandardCharsets.UTF_8));
    }
}
