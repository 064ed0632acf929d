package io.hindsight.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.models.TestOnnx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The digits product on a real (embedded) broker: the gateway's digits bus, the accuracy reader and the
 * upload's transaction, with a stand-in predictor and joiner ({@link DigitsResponder}); and the page in a real
 * browser (src/test/playwright/digits-page.mjs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DigitsIT {
    static final String ADMIN_TOKEN = "digits-it-admin-token";

    EmbeddedKafka kafka;
    GatewayServer gateway;
    DigitsResponder responder;
    WebTestClient http;
    String base;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(30));
        gateway = GatewayServer.start(GatewayConfig.defaults(kafka.bootstrapServers()).withHttpPort(0)
                        .withRequestTimeout(Duration.ofSeconds(5)).withAdminToken(ADMIN_TOKEN),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Readiness.none());
        responder = new DigitsResponder(kafka.bootstrapServers());
        base = "http://localhost:" + gateway.port();
        http = WebTestClient.bindToServer().baseUrl(base).responseTimeout(Duration.ofSeconds(30)).build();
        await().atMost(Duration.ofSeconds(30)).until(() -> Json.tree(http.get().uri("/readyz").exchange()
                .expectBody().returnResult().getResponseBody()).get("checks").get("replies").asBoolean());
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

    private JsonNode accuracy() {
        return Json.tree(http.get().uri("/v1/digits/accuracy").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
    }

    @Test
    void predictAndFeedbackGoThroughKafkaAndTheAccuracyCountsThem() {
        MnistDigits holdout = MnistDigits.holdout();
        long before = accuracy().get("served").get("total").asLong();
        byte[] body = Json.write(DigitsRequest.ofPixels("it-" + 3, holdout.image(3)));
        JsonNode answer = Json.tree(http.post().uri("/v1/digits/predict").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(answer.get("id").asString()).isEqualTo("it-3");
        assertThat(answer.get("digit").asInt()).isEqualTo(TestOnnx.classify(holdout.image(3)));
        assertThat(answer.get("probabilities")).hasSize(10);
        assertThat(answer.get("shadows").get(0).get("alias").asString()).isEqualTo("B");

        http.post().uri("/v1/digits/feedback").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"it-3\",\"label\":" + holdout.label(3) + "}").exchange().expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(20)).until(() -> accuracy().get("served").get("total").asLong() == before + 1);
        JsonNode models = accuracy().get("models");
        assertThat(models.get(0).get("alias").asString()).isEqualTo("Production");
        assertThat(models.get(1).get("alias").asString()).isEqualTo("B");
    }

    @Test
    void anUploadPublishesArtifactVersionAndAliasInOneTransaction() {
        byte[] model = TestOnnx.valid();
        String sha = Sha256.hex(model);
        String version = "digits-centroid-" + sha.substring(0, 12);
        http.post().uri("/v1/models/digits?family=centroid&alias=shadow2").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).bodyValue(model).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.version").isEqualTo(version);

        assertThat(readCommitted(Topics.MODEL_ARTIFACTS, sha).get(sha)).isEqualTo(model);
        JsonNode v = Json.tree(readCommitted(Topics.MODELS, version).get(version));
        assertThat(v.get("format").asString()).isEqualTo("onnx");
        assertThat(v.get("provenance").get("sha256").asString()).isEqualTo(sha);
        JsonNode alias = Json.tree(readCommitted(Topics.MODEL_ALIASES, "digits/centroid/shadow2").get("digits/centroid/shadow2"));
        assertThat(alias.get("version").asString()).isEqualTo(version);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get().uri("/info").exchange().expectBody()
                .jsonPath("$.models[?(@.task=='digits' && @.alias=='shadow2')].version").isEqualTo(version));

        http.post().uri("/v1/models/digits?family=centroid&alias=B").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).bodyValue("not a model".getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isEqualTo(422);
        assertThat(readCommitted(Topics.MODEL_ALIASES, null)).doesNotContainKey("digits/centroid/B");
    }

    @Test
    void aPutMovesAnAliasInATransactionAndTheModelListShowsIt() {
        byte[] model = TestOnnx.valid();
        String version = "digits-movable-" + Sha256.hex(model).substring(0, 12);
        http.post().uri("/v1/models/digits?family=movable&alias=shadow1").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).bodyValue(model).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.version").isEqualTo(version);
        // the alias route checks the version against the gateway's view of models, which follows the commit
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                http.get().uri("/v1/models/" + version).exchange().expectStatus().isOk());

        http.put().uri("/v1/models/digits/movable/aliases/B").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .bodyValue("{\"version\":\"" + version + "\",\"reason\":\"moved by DigitsIT\"}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(version).jsonPath("$.alias").isEqualTo("B");

        JsonNode committed = Json.tree(readCommitted(Topics.MODEL_ALIASES, "digits/movable/B").get("digits/movable/B"));
        assertThat(committed.get("version").asString()).isEqualTo(version);
        assertThat(committed.get("reason").asString()).isEqualTo("moved by DigitsIT");
        assertThat(committed.get("task").asString()).isEqualTo("digits");
        assertThat(committed.get("family").asString()).isEqualTo("movable");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode list = Json.tree(http.get().uri("/v1/models?task=digits").exchange().expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody());
            JsonNode moved = null;
            for (JsonNode a : list.get("aliases")) {
                if (a.get("family").asString().equals("movable") && a.get("alias").asString().equals("B")) {
                    moved = a;
                }
            }
            assertThat(moved).as("digits/movable/B in %s", list).isNotNull();
            assertThat(moved.get("version").asString()).isEqualTo(version);
            assertThat(moved.get("reason").asString()).isEqualTo("moved by DigitsIT");
            JsonNode listed = null;
            for (JsonNode m : list.get("models")) {
                if (m.get("version").asString().equals(version)) {
                    listed = m;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(listed.get("aliases").toString()).isEqualTo("[\"B\",\"shadow1\"]");
            assertThat(listed.get("format").asString()).isEqualTo("onnx");
        });

        // a version of another family is refused and changes nothing
        http.put().uri("/v1/models/digits/centroid/aliases/Production").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).bodyValue("{\"version\":\"" + version + "\"}")
                .exchange().expectStatus().isEqualTo(409);
        assertThat(readCommitted(Topics.MODEL_ALIASES, null)).doesNotContainKey("digits/centroid/Production");
    }

    @Test
    void thePageDrawsGuessesAndCountsAnAnswerInABrowser() throws Exception {
        BrowserScript.requireTools();
        long before = accuracy().get("served").get("total").asLong();
        BrowserScript.Result r = BrowserScript.node("digits-page.mjs", 180, base,
                BrowserScript.OUT.resolve("digits-page.png").toAbsolutePath().toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
        assertThat(Files.size(BrowserScript.OUT.resolve("digits-page.png"))).isPositive();
        assertThat(Files.exists(BrowserScript.OUT.resolve("digits-page-phone.png"))).isTrue();
        assertThat(accuracy().get("served").get("total").asLong()).as("two answers from the page").isEqualTo(before + 2);
    }

    /**
     * The latest committed value per key of a topic, read from the beginning until the key shows (a commit's
     * markers reach the partitions just after commitTransaction returns), or to the end when the key is null.
     */
    private Map<String, byte[]> readCommitted(Topic<String, ?> topic, String until) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && (until != null ? !latest.containsKey(until)
                    : tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.key(), r.value());
                }
            }
        }
        return latest;
    }
}
