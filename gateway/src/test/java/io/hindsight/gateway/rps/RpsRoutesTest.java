package io.hindsight.gateway.rps;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.gateway.http.TestGateways;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The rps routes without Kafka: the page is served, the game routes answer 503, bad bodies 400 first. */
class RpsRoutesTest {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final WebTestClient http = TestGateways.client(TestGateways.handler(TestGateways.config(true),
            new TestGateways.Fakes(), registry));

    @Test
    void thePageAndItsAssetsAreServedFromThisOriginOnly() {
        String html = http.get().uri("/rps").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("script-src 'self'"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("/rps/rps.js", "/rps/rps.css", "aria-label=\"Play rock");
        assertThat(html).doesNotContain("http://", "https://");
        http.get().uri("/rps/rps.js").exchange().expectStatus().isOk().expectBody(String.class)
                .value(js -> assertThat(js).contains("crypto.subtle.digest"));
        http.get().uri("/rps/rps.css").exchange().expectStatus().isOk();
    }

    @Test
    void withoutKafkaTheGameRoutesAnswer503AfterCheckingTheBody() {
        http.post().uri("/v1/rps/games").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(503).expectHeader().exists("Retry-After");
        http.post().uri("/v1/rps/games").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"family\":1}").exchange()
                .expectStatus().isBadRequest();
        http.post().uri("/v1/rps/games/g1/moves").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"round\":1,\"move\":\"rock\"}").exchange().expectStatus().isEqualTo(503);
        http.get().uri("/v1/rps/games/g1").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("unknown-game");
        http.get().uri("/v1/rps/stats").exchange().expectStatus().isOk().expectBody().jsonPath("$.finished").isEqualTo(0);
        http.get().uri("/v1/promotions").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.caughtUp").isEqualTo(false).jsonPath("$.decisions").isEmpty();
    }

    @Test
    void theMetersShowAtZeroAndTheHomePageLinksThePage() {
        assertThat(registry.get(RpsMetrics.STARTED).counter().count()).isZero();
        assertThat(registry.get(RpsMetrics.TIMED_OUT).tag("step", "move").counter().count()).isZero();
        String home = http.get().uri("/").exchange().expectBody(String.class).returnResult().getResponseBody();
        assertThat(home).contains("href=\"/rps\"", "href=\"/digits\"", "href=\"/dashboard\"", "POST /v1/rps/games",
                "GET /v1/promotions");
    }
}
