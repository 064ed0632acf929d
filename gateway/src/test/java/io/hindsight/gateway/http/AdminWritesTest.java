package io.hindsight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.gateway.models.TestOnnx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every admin write (model upload, alias move, promotion override) over the whole stack: 403 saying how to turn
 * the admin routes on while no token is configured; 401 with WWW-Authenticate for a missing or wrong token, before
 * the body is looked at; the right token (the scheme in any case) is let through. Nothing is written unless let
 * through, and every refusal is counted.
 */
class AdminWritesTest {
    static final String CNN = "digits-cnn-aaaaaaaaaaaa";

    /** An admin write: where, its route tag, a valid request and the status it gets. */
    record AdminWrite(String name, HttpMethod method, String path, String route, String contentType, byte[] body,
                      int ok) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<AdminWrite> writes() {
        return Stream.of(
                new AdminWrite("model upload", HttpMethod.POST, "/v1/models/digits?family=centroid&alias=B",
                        "/v1/models/digits", "application/octet-stream", TestOnnx.valid(), 201),
                new AdminWrite("alias move", HttpMethod.PUT, "/v1/models/digits/cnn/aliases/B",
                        "/v1/models/{task}/{family}/aliases/{alias}", "application/json",
                        json("{\"version\":\"" + CNN + "\",\"reason\":\"test\"}"), 200),
                new AdminWrite("promotion override", HttpMethod.POST, "/v1/promotions/override", "/v1/promotions/override",
                        "application/json", json("{\"task\":\"digits\",\"family\":\"cnn\",\"alias\":\"B\",\"version\":\""
                        + CNN + "\",\"reason\":\"test\"}"), 200));
    }

    PrometheusMeterRegistry registry;
    TestGateways.Fakes fakes;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        fakes = new TestGateways.Fakes();
        fakes.registry.add(new ModelVersion(CNN, "digits", "cnn", 1_000, ModelVersion.ONNX, "a".repeat(64), 10, List.of(),
                Map.of(), Map.of(), List.of(), null)).add(new AliasAssignment("digits", "cnn", "Production", CNN, 1, "x"));
    }

    private WebTestClient stack(String adminToken) {
        return TestGateways.client(TestGateways.handler(TestGateways.config(true).withAdminToken(adminToken)
                .withMaxModelBytes(64 * 1024), fakes, registry));
    }

    private WebTestClient.ResponseSpec send(WebTestClient http, AdminWrite w, String authorization) {
        WebTestClient.RequestBodySpec r = http.method(w.method()).uri(w.path()).header("Content-Type", w.contentType());
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return r.bodyValue(w.body()).exchange();
    }

    private double rejected(AdminWrite w, String reason) {
        var c = registry.find("hindsight.http.rejected").tags("route", w.route(), "reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private int written() {
        return fakes.models.published.size() + fakes.models.assigned.size() + fakes.models.overrides.size();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void withoutATokenConfiguredEveryAdminWriteIs403SayingHowToTurnThemOn(AdminWrite w) {
        send(stack(null), w, "Bearer " + TestGateways.ADMIN_TOKEN).expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("forbidden")
                .jsonPath("$.message").isEqualTo("admin routes are disabled: set HINDSIGHT_ADMIN_TOKEN");
        assertThat(rejected(w, "forbidden")).isEqualTo(1);
        assertThat(written()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void aMissingOrWrongTokenIs401WithWwwAuthenticate(AdminWrite w) {
        String token = TestGateways.ADMIN_TOKEN;
        String sameLength = "x".repeat(token.length());
        List<String> wrong = java.util.Arrays.asList(null, "Bearer " + sameLength, "Bearer short", "Bearer " + token + "x",
                "Bearer " + token.substring(1), "Bearer " + token.toUpperCase(), "Basic " + token, "Token " + token,
                "Bearer", "Bearer ", token, "Bearer" + token);
        WebTestClient http = stack(token);
        for (String auth : wrong) {
            send(http, w, auth).expectStatus().isUnauthorized()
                    .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"hindsight-admin\"")
                    .expectBody().jsonPath("$.error").isEqualTo("unauthorized")
                    .jsonPath("$.message").isEqualTo(auth == null ? "send Authorization: Bearer <admin token>"
                            : "the admin token does not match");
        }
        assertThat(rejected(w, "unauthorized")).isEqualTo(wrong.size());
        assertThat(written()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void theRightTokenIsLetThroughWhateverTheCaseOfTheScheme(AdminWrite w) {
        WebTestClient http = stack(TestGateways.ADMIN_TOKEN);
        send(http, w, "bearer " + TestGateways.ADMIN_TOKEN).expectStatus().isEqualTo(w.ok());
        send(http, w, "BEARER   " + TestGateways.ADMIN_TOKEN + " ").expectStatus().isEqualTo(w.ok());
        assertThat(written()).isEqualTo(2);
        assertThat(rejected(w, "unauthorized")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void theTokenIsCheckedBeforeTheBodyIsLookedAt(AdminWrite w) {
        byte[] huge = new byte[256 * 1024]; // past every limit of this stack, model uploads included
        send(stack(TestGateways.ADMIN_TOKEN), new AdminWrite(w.name(), w.method(), w.path(), w.route(), "text/plain", huge,
                w.ok()), null).expectStatus().isUnauthorized();
        assertThat(rejected(w, "too_large")).isZero();
        assertThat(rejected(w, "malformed")).isZero();
    }

    @Test
    void theTokenMatchesOnlyAsABearerTokenOfTheSameText() {
        AdminToken t = new AdminToken(TestGateways.ADMIN_TOKEN);
        assertThat(t.matches("Bearer " + TestGateways.ADMIN_TOKEN)).isTrue();
        assertThat(t.matches("bEaReR " + TestGateways.ADMIN_TOKEN)).isTrue();
        assertThat(t.matches("Bearer " + TestGateways.ADMIN_TOKEN + "0")).isFalse();
        assertThat(t.matches("Bearer " + TestGateways.ADMIN_TOKEN.substring(0, 5))).isFalse();
        assertThat(t.matches(TestGateways.ADMIN_TOKEN)).isFalse();
        assertThat(t.matches(null)).isFalse();
        assertThat(new AdminToken(null).matches("Bearer " + TestGateways.ADMIN_TOKEN)).as("no token: nothing matches")
                .isFalse();
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
