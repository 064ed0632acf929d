package io.hindsight.gateway.promotions;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.http.TestGateways;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * POST /v1/promotions/override over the whole stack on a fake registry: the ledger entry and the alias move it
 * writes (together, in the shape the promotion role writes and the contracts' schemas publish), and each refusal.
 */
class PromotionOverrideTest {
    static final String PATH = "/v1/promotions/override";
    static final String CNN1 = "digits-cnn-111111111111";
    static final String CNN2 = "digits-cnn-222222222222";
    static final String XGB = "digits-xgb-333333333333";

    PrometheusMeterRegistry registry;
    TestGateways.Fakes fakes;
    WebTestClient http;

    static ModelVersion version(String v, String family) {
        return new ModelVersion(v, "digits", family, 1_000, ModelVersion.ONNX, "a".repeat(64), 10, List.of(), Map.of(),
                Map.of(), List.of(), null);
    }

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        fakes = new TestGateways.Fakes();
        fakes.registry.add(version(CNN1, "cnn")).add(version(CNN2, "cnn")).add(version(XGB, "xgb"))
                .add(new AliasAssignment("digits", "cnn", "Production", CNN1, 1_000, "first"))
                .add(new AliasAssignment("digits", "cnn", "B", CNN2, 1_000, "challenger"));
        http = TestGateways.client(TestGateways.handler(TestGateways.config(true).withAdminToken(TestGateways.ADMIN_TOKEN),
                fakes, registry));
    }

    private WebTestClient.ResponseSpec override(String body) {
        return http.post().uri(PATH).contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN).bodyValue(body).exchange();
    }

    private static String body(String task, String family, String alias, String version, String reason) {
        return "{\"task\":\"" + task + "\",\"family\":\"" + family + "\",\"alias\":\"" + alias + "\",\"version\":\""
                + version + "\",\"reason\":\"" + reason + "\"}";
    }

    private double overrides(String result, String reason) {
        var c = registry.find("hindsight.promotion.overrides").tags("result", result, "reason", reason).counter();
        return c == null ? -1 : c.count();
    }

    @Test
    void anOverrideWritesALedgerEntryAndItsAliasMoveTogetherInTheRolesShape() {
        override(body("digits", "cnn", "Production", CNN2, "B is better on the new pen data")).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.decision.task").isEqualTo("digits")
                .jsonPath("$.decision.family").isEqualTo("cnn")
                .jsonPath("$.decision.outcome").isEqualTo("overridden")
                .jsonPath("$.decision.metric").isEqualTo("operator-override")
                .jsonPath("$.decision.moves[0].alias").isEqualTo("Production")
                .jsonPath("$.decision.moves[0].fromVersion").isEqualTo(CNN1)
                .jsonPath("$.decision.moves[0].toVersion").isEqualTo(CNN2)
                .jsonPath("$.alias.version").isEqualTo(CNN2);

        assertThat(fakes.models.overrides).hasSize(1);
        PromotionDecision d = fakes.models.overrides.get(0).decision();
        AliasAssignment a = fakes.models.overrides.get(0).alias();
        assertThat(d.reason()).isEqualTo("override by an operator: B is better on the new pen data");
        assertThat(d.test()).isNull();
        assertThat(d.pValue()).isNull();
        assertThat(d.evidence()).isEmpty();
        assertThat(d.moves()).containsExactly(new PromotionDecision.AliasMove("Production", CNN1, CNN2));
        assertThat(a.key()).isEqualTo("digits/cnn/Production");
        assertThat(a.setAt()).isEqualTo(d.evaluatedTs());
        assertThat(a.reason()).isEqualTo(d.reason());
        // what readers of promotions and model-aliases validate against
        assertThat(new WireReader<>(Topics.PROMOTIONS.schema(), PromotionDecision.class)
                .validate(Json.tree(Json.write(d)))).isEmpty();
        assertThat(new WireReader<>(Topics.MODEL_ALIASES.schema(), AliasAssignment.class)
                .validate(Json.tree(Json.write(a)))).isEmpty();
        assertThat(fakes.models.assigned).as("not a second, separate alias write").isEmpty();
        assertThat(overrides("accepted", "none")).isEqualTo(1);
    }

    @Test
    void anAliasNobodyHeldYetMovesFromNothing() {
        override(body("digits", "cnn", "shadow1", CNN2, "watch it")).expectStatus().isOk()
                .expectBody().jsonPath("$.decision.moves[0].fromVersion").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown task|{\"task\":\"weather\",\"family\":\"cnn\",\"alias\":\"B\",\"version\":\"v\",\"reason\":\"r\"}|task",
        "bad family|{\"task\":\"digits\",\"family\":\"Bad Family\",\"alias\":\"B\",\"version\":\"v\",\"reason\":\"r\"}|family",
        "unknown alias|{\"task\":\"digits\",\"family\":\"cnn\",\"alias\":\"C\",\"version\":\"v\",\"reason\":\"r\"}|alias",
        "no version|{\"task\":\"digits\",\"family\":\"cnn\",\"alias\":\"B\",\"reason\":\"r\"}|version",
        "no reason|{\"task\":\"digits\",\"family\":\"cnn\",\"alias\":\"B\",\"version\":\"v\"}|reason",
        "blank reason|{\"task\":\"digits\",\"family\":\"cnn\",\"alias\":\"B\",\"version\":\"v\",\"reason\":\"  \"}|reason",
        "number reason|{\"task\":\"digits\",\"family\":\"cnn\",\"alias\":\"B\",\"version\":\"v\",\"reason\":7}|reason",
        "unknown field|{\"task\":\"digits\",\"family\":\"cnn\",\"alias\":\"B\",\"version\":\"v\",\"reason\":\"r\",\"force\":true}|force",
        "not an object|[1,2]|$",
        "not JSON|{\"task\":|$"})
    void aBadBodyIs400NamingTheField(String name, String body, String field) {
        override(body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid request")
                .jsonPath("$.fields[?(@.field == '" + field + "')]").exists();
        assertThat(fakes.models.overrides).isEmpty();
        assertThat(overrides("rejected", "invalid")).isEqualTo(1);
    }

    @Test
    void anUnknownVersionIs404AndAnotherFamilysIs409() {
        override(body("digits", "cnn", "B", "digits-cnn-nope", "r")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.version").isEqualTo("digits-cnn-nope");
        override(body("digits", "cnn", "B", XGB, "r")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.family").isEqualTo("xgb");
        override(body("calories", "cnn", "B", CNN2, "r")).expectStatus().isEqualTo(409);
        assertThat(fakes.models.overrides).isEmpty();
        assertThat(overrides("rejected", "unknown_version")).isEqualTo(1);
        assertThat(overrides("rejected", "conflict")).isEqualTo(2);
    }

    @Test
    void beforeTheRegistryIsReadOrWhenKafkaDoesNotCommitIs503() {
        fakes.registry.caughtUp = false;
        override(body("digits", "cnn", "B", CNN1, "r")).expectStatus().isEqualTo(503).expectHeader().exists("Retry-After");
        fakes.registry.caughtUp = true;
        fakes.models.failure = new BusUnavailableException("broker down");
        override(body("digits", "cnn", "B", CNN1, "r")).expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).contains("broker down"));
        assertThat(overrides("rejected", "unavailable")).isEqualTo(2);
    }

    @Test
    void theRouteIsListedAndAnsweredOnlyToPost() {
        http.get().uri(PATH).exchange().expectStatus().isEqualTo(405).expectHeader().valueEquals("Allow", "POST");
        String home = http.get().uri("/").exchange().expectBody(String.class).returnResult().getResponseBody();
        assertThat(home).contains("POST /v1/promotions/override");
    }
}
