package io.hindsight.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.http.TestGateways;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** GET /v1/models, GET /v1/models/{version} and PUT .../aliases/{alias} over the whole stack, on a fake registry. */
class ModelRegistryRoutesTest {
    static final String CNN = "digits-cnn-aaaaaaaaaaaa";
    static final String XGB = "digits-xgb-bbbbbbbbbbbb";
    static final String CAL = "calories-xgboost-cccccccccccc";
    static final String PUT_B = "/v1/models/digits/cnn/aliases/B";

    PrometheusMeterRegistry registry;
    TestGateways.Fakes fakes;
    WebTestClient http;

    static ModelVersion version(String version, String task, String family, long createdAt) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("config", Map.of("epochs", 3, "learningRate", 0.01));
        provenance.put("seed", 42);
        provenance.put("dataSource", "mnist-holdout");
        provenance.put("codeVersion", "abc1234");
        provenance.put("library", "tribuo 4.3");
        return new ModelVersion(version, task, family, createdAt, ModelVersion.TRIBUO_PROTOBUF, "f".repeat(64), 1234,
                List.of("pixel0", "pixel1"), Map.of("accuracy", 0.97), provenance,
                List.of(new TrainingRange(task + ".feedback", 0, 10, 500)), "abc1234",
                Map.of("pixel0", new FeatureReference(List.of(0.5), List.of(0.4, 0.6), 100)));
    }

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        fakes = new TestGateways.Fakes();
        fakes.registry.add(version(XGB, "digits", "xgb", 3_000))
                .add(version(CNN, "digits", "cnn", 2_000))
                .add(version(CAL, "calories", "xgboost", 5_000))
                .add(new AliasAssignment("digits", "cnn", "Production", CNN, 2_500, "first model"))
                .add(new AliasAssignment("digits", "cnn", "shadow1", CNN, 2_600, "also shadow"))
                .add(new AliasAssignment("calories", "xgboost", "Production", CAL, 5_500, "first model"));
        http = TestGateways.client(TestGateways.handler(TestGateways.config(true).withAdminToken(TestGateways.ADMIN_TOKEN),
                fakes, registry));
    }

    private WebTestClient.ResponseSpec put(String path, String body) {
        return http.put().uri(path).contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN).bodyValue(body).exchange();
    }

    private double sets(String result, String reason) {
        var c = registry.find("hindsight.model.alias.sets").tags("result", result, "reason", reason).counter();
        return c == null ? -1 : c.count();
    }

    @Test
    void theListShowsEveryVersionWithItsAliasesAndLineageSortedByTaskThenCreatedAt() {
        http.get().uri("/v1/models").exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.caughtUp").isEqualTo(true)
                .jsonPath("$.models.length()").isEqualTo(3)
                .jsonPath("$.models[0].version").isEqualTo(CAL)
                .jsonPath("$.models[1].version").isEqualTo(CNN)
                .jsonPath("$.models[2].version").isEqualTo(XGB)
                .jsonPath("$.models[1].task").isEqualTo("digits")
                .jsonPath("$.models[1].family").isEqualTo("cnn")
                .jsonPath("$.models[1].format").isEqualTo("tribuo-protobuf")
                .jsonPath("$.models[1].createdAt").isEqualTo(2000)
                .jsonPath("$.models[1].metrics.accuracy").isEqualTo(0.97)
                .jsonPath("$.models[1].aliases").isEqualTo(List.of("Production", "shadow1"))
                .jsonPath("$.models[2].aliases.length()").isEqualTo(0)
                .jsonPath("$.models[1].lineage.trainingRanges[0].topic").isEqualTo("digits.feedback")
                .jsonPath("$.models[1].lineage.trainingRanges[0].endOffset").isEqualTo(500)
                .jsonPath("$.models[1].lineage.config.epochs").isEqualTo(3)
                .jsonPath("$.models[1].lineage.seed").isEqualTo(42)
                .jsonPath("$.models[1].lineage.dataSource").isEqualTo("mnist-holdout")
                .jsonPath("$.models[1].lineage.codeVersion").isEqualTo("abc1234")
                .jsonPath("$.models[1].lineage.library").doesNotExist()
                .jsonPath("$.models[1].provenance").doesNotExist()
                .jsonPath("$.models[1].features").doesNotExist()
                .jsonPath("$.models[1].reference").doesNotExist()
                .jsonPath("$.aliases.length()").isEqualTo(3)
                .jsonPath("$.aliases[0].task").isEqualTo("calories")
                .jsonPath("$.aliases[1].alias").isEqualTo("Production")
                .jsonPath("$.aliases[1].version").isEqualTo(CNN)
                .jsonPath("$.aliases[1].setAt").isEqualTo(2500)
                .jsonPath("$.aliases[1].reason").isEqualTo("first model")
                .jsonPath("$.aliases[2].alias").isEqualTo("shadow1");
    }

    @Test
    void theListFiltersByTaskAndAnUnknownTaskIs400() {
        http.get().uri("/v1/models?task=digits").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.task").isEqualTo("digits")
                .jsonPath("$.models[*].version").isEqualTo(List.of(CNN, XGB))
                .jsonPath("$.aliases[*].task").isEqualTo(List.of("digits", "digits"));
        http.get().uri("/v1/models?task=weather").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("task")
                .jsonPath("$.fields[0].message").value(m -> assertThat(m.toString()).contains("weather", "calories"));
    }

    @Test
    void anEmptyRegistryIsAnEmptyList() {
        fakes.registry.versions.clear();
        fakes.registry.aliases.clear();
        fakes.registry.caughtUp = false;
        http.get().uri("/v1/models").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.caughtUp").isEqualTo(false)
                .jsonPath("$.models.length()").isEqualTo(0)
                .jsonPath("$.aliases.length()").isEqualTo(0);
    }

    @Test
    void oneVersionComesWithItsProvenanceAndWithFeaturesAndReferenceOnlyWhenFull() {
        http.get().uri("/v1/models/" + CNN).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo(CNN)
                .jsonPath("$.artifactSha256").isEqualTo("f".repeat(64))
                .jsonPath("$.artifactBytes").isEqualTo(1234)
                .jsonPath("$.aliases").isEqualTo(List.of("Production", "shadow1"))
                .jsonPath("$.provenance.library").isEqualTo("tribuo 4.3")
                .jsonPath("$.provenance.seed").isEqualTo(42)
                .jsonPath("$.trainingRanges[0].startOffset").isEqualTo(10)
                .jsonPath("$.codeVersion").isEqualTo("abc1234")
                .jsonPath("$.features").doesNotExist()
                .jsonPath("$.reference").doesNotExist();
        http.get().uri("/v1/models/" + CNN + "?full=true").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.features").isEqualTo(List.of("pixel0", "pixel1"))
                .jsonPath("$.reference.pixel0.count").isEqualTo(100);
        http.get().uri("/v1/models/" + CNN + "?full=yes").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("full");
    }

    @Test
    void anUnknownVersionIs404NamingIt() {
        http.get().uri("/v1/models/digits-cnn-000000000000").exchange().expectStatus().isNotFound()
                .expectBody()
                .jsonPath("$.error").isEqualTo("unknown model version")
                .jsonPath("$.version").isEqualTo("digits-cnn-000000000000")
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("digits-cnn-000000000000"));
        // the upload path is no version: still 405 to GET
        http.get().uri("/v1/models/digits").exchange().expectStatus().isEqualTo(405).expectHeader().valueEquals("Allow", "POST");
    }

    @Test
    void aPutMovesTheAliasIn200AndCountsIt() {
        long before = System.currentTimeMillis();
        put("/v1/models/digits/xgb/aliases/Production", "{\"version\":\"" + XGB + "\",\"reason\":\"better holdout accuracy\"}")
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.task").isEqualTo("digits")
                .jsonPath("$.family").isEqualTo("xgb")
                .jsonPath("$.alias").isEqualTo("Production")
                .jsonPath("$.version").isEqualTo(XGB)
                .jsonPath("$.reason").isEqualTo("better holdout accuracy")
                .jsonPath("$.setAt").value(t -> assertThat(((Number) t).longValue()).isGreaterThanOrEqualTo(before));
        assertThat(fakes.models.assigned).hasSize(1);
        AliasAssignment a = fakes.models.assigned.get(0);
        assertThat(a.key()).isEqualTo("digits/xgb/Production");
        assertThat(a.version()).isEqualTo(XGB);
        assertThat(fakes.models.published).isEmpty();

        put(PUT_B, "{\"version\":\"" + CNN + "\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.reason").isEqualTo(ModelRegistryRoutes.DEFAULT_REASON);
        assertThat(sets("accepted", "none")).isEqualTo(2);
        // the metrics filter counts once the answer is written
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.get("hindsight.http.requests")
                .tags("route", ModelRegistryRoutes.ALIAS, "status", "200").counter().count()).isEqualTo(2));
    }

    @Test
    void withoutAnAdminTokenConfiguredAPutIs403() {
        WebTestClient off = TestGateways.client(TestGateways.handler(TestGateways.config(true), fakes, registry));
        off.put().uri(PUT_B).contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN).bodyValue("{\"version\":\"" + CNN + "\"}")
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.message").isEqualTo("admin routes are disabled: set HINDSIGHT_ADMIN_TOKEN");
        // reading needs no token
        off.get().uri("/v1/models").exchange().expectStatus().isOk();
        assertThat(fakes.models.assigned).isEmpty();
        assertThat(sets("rejected", "disabled")).isEqualTo(1);
    }

    @Test
    void aMissingOrWrongTokenIs401WithWwwAuthenticate() {
        http.put().uri(PUT_B).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"version\":\"" + CNN + "\"}").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"hindsight-admin\"");
        http.put().uri(PUT_B).contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer wrong-token-wrong")
                .bodyValue("{\"version\":\"" + CNN + "\"}").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.message").isEqualTo("the admin token does not match");
        assertThat(fakes.models.assigned).isEmpty();
        assertThat(sets("rejected", "unauthorized")).isEqualTo(2);
        assertThat(registry.get("hindsight.http.rejected").tags("route", ModelRegistryRoutes.ALIAS, "reason", "unauthorized")
                .counter().count()).isEqualTo(2);
    }

    @Test
    void anUnknownAliasOrTaskIs400NamingIt() {
        put("/v1/models/digits/cnn/aliases/Staging", "{\"version\":\"" + CNN + "\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("alias")
                .jsonPath("$.fields[0].message").value(m -> assertThat(m.toString()).contains("Staging", "Production"));
        put("/v1/models/weather/cnn/aliases/B", "{\"version\":\"" + CNN + "\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("task");
        assertThat(fakes.models.assigned).isEmpty();
        assertThat(sets("rejected", "invalid")).isEqualTo(2);
    }

    @Test
    void aBadBodyIs400NamingTheField() {
        put(PUT_B, "{\"version\":").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("$")
                .jsonPath("$.fields[0].message").value(m -> assertThat(m.toString()).startsWith("malformed JSON"));
        put(PUT_B, "[\"" + CNN + "\"]").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("$");
        put(PUT_B, "").expectStatus().isBadRequest();
        put(PUT_B, "{\"reason\":\"no version\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("version");
        put(PUT_B, "{\"version\":42}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("version");
        put(PUT_B, "{\"version\":\"" + CNN + "\",\"reason\":7}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("reason");
        put(PUT_B, "{\"version\":\"" + CNN + "\",\"reason\":\"" + "x".repeat(501) + "\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("reason");
        http.put().uri(PUT_B).contentType(MediaType.TEXT_PLAIN).header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN)
                .bodyValue("{\"version\":\"" + CNN + "\"}").exchange().expectStatus().isEqualTo(415);
        assertThat(fakes.models.assigned).isEmpty();
        assertThat(sets("rejected", "invalid")).isEqualTo(8);
    }

    @Test
    void anUnknownVersionIs404() {
        put(PUT_B, "{\"version\":\"digits-cnn-000000000000\"}").expectStatus().isNotFound()
                .expectBody().jsonPath("$.version").isEqualTo("digits-cnn-000000000000")
                .jsonPath("$.error").isEqualTo("unknown model version");
        assertThat(fakes.models.assigned).isEmpty();
        assertThat(sets("rejected", "unknown_version")).isEqualTo(1);
    }

    @Test
    void aVersionOfAnotherTaskOrFamilyIs409() {
        put(PUT_B, "{\"version\":\"" + XGB + "\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").isEqualTo("conflict")
                .jsonPath("$.family").isEqualTo("xgb")
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("digits/xgb", "digits/cnn"));
        put("/v1/models/calories/cnn/aliases/B", "{\"version\":\"" + CNN + "\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.task").isEqualTo("digits");
        assertThat(fakes.models.assigned).isEmpty();
        assertThat(sets("rejected", "conflict")).isEqualTo(2);
    }

    @Test
    void kafkaNotCommittingOrARegistryNotReadYetIs503() {
        fakes.models.failure = new BusUnavailableException("Kafka did not commit");
        put(PUT_B, "{\"version\":\"" + CNN + "\"}").expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "1");
        fakes.models.failure = null;
        fakes.registry.caughtUp = false;
        put(PUT_B, "{\"version\":\"" + CNN + "\"}").expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).contains("not been read"));
        assertThat(fakes.models.assigned).isEmpty();
        assertThat(sets("rejected", "unavailable")).isEqualTo(2);
    }

    @Test
    void wrongMethodsAre405AndTemplatedRoutesAreCountedUnderTheirTemplate() {
        http.post().uri("/v1/models").exchange().expectStatus().isEqualTo(405).expectHeader().valueEquals("Allow", "GET, HEAD");
        http.delete().uri(PUT_B).exchange().expectStatus().isEqualTo(405).expectHeader().valueEquals("Allow", "PUT");
        http.get().uri("/v1/models/" + CNN).exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.get("hindsight.http.requests")
                .tags("route", ModelRegistryRoutes.VERSION, "status", "200").counter().count()).isEqualTo(1));
        assertThat(registry.get("hindsight.http.requests").tags("route", ModelRegistryRoutes.ALIAS, "status", "405")
                .counter().count()).isEqualTo(1);
    }
}
