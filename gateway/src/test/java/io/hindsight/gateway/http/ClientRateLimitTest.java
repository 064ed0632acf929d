package io.hindsight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.GatewayConfig.RateLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.DisposableServer;

/**
 * The per-client rate limit: a token bucket per client on a clock the test steps by hand (no sleeps, no timing),
 * 429 with Retry-After and a JSON reason once it is empty, counted as rejected{reason="rate_limited"}; loopback
 * clients are left alone unless told; X-Forwarded-For is believed only from a trusted proxy.
 */
class ClientRateLimitTest {
    static final long SECOND = 1_000_000_000L;
    static final String CALORIES = "{\"id\":\"r\",\"Sex\":\"male\",\"Age\":30,\"Height\":180,\"Weight\":80,\"Duration\":20,"
            + "\"Heart_Rate\":100,\"Body_Temp\":40}";

    final AtomicLong clock = new AtomicLong(42 * SECOND);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    private static ClientRateLimit limit(RateLimit config, AtomicLong clock) {
        return new ClientRateLimit(config, new HttpMetrics(new SimpleMeterRegistry()), new RouteNames(Set.of("/")),
                clock::get);
    }

    // ---- the bucket ------------------------------------------------------------------------------------------

    @Test
    void aClientMaySendItsBurstThenOneRequestPerTokenRefilled() {
        ClientRateLimit l = limit(new RateLimit(2, 3, true, List.of()), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(l.take("a")).as("request " + i + " of the burst").isZero();
        }
        assertThat(l.take("a")).as("empty: half a second until a token at 2/s").isEqualTo(SECOND / 2);
        assertThat(l.take("b")).as("another client has its own bucket").isZero();
        clock.addAndGet(SECOND / 4);
        assertThat(l.take("a")).isEqualTo(SECOND / 4);
        clock.addAndGet(SECOND / 4);
        assertThat(l.take("a")).as("a token is back").isZero();
        assertThat(l.take("a")).isPositive();
        clock.addAndGet(3600 * SECOND);
        for (int i = 0; i < 3; i++) {
            assertThat(l.take("a")).isZero();
        }
        assertThat(l.take("a")).as("an idle hour refills the burst, no more").isPositive();
    }

    @Test
    void theTableOfClientsIsBoundedByForgettingTheIdleOnes() {
        ClientRateLimit l = limit(new RateLimit(10, 5, true, List.of()), clock);
        for (int i = 0; i < ClientRateLimit.MAX_CLIENTS; i++) {
            l.take("c" + i);
        }
        assertThat(l.clients()).isEqualTo(ClientRateLimit.MAX_CLIENTS);
        clock.addAndGet(SECOND); // every bucket is full again: nobody is being limited
        assertThat(l.take("newcomer")).isZero();
        assertThat(l.clients()).isEqualTo(1);
    }

    // ---- who the client is -----------------------------------------------------------------------------------

    private static ClientRateLimit.Client client(RateLimit config, String peer, String... forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> r = MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress(peer, 40000));
        for (String f : forwardedFor) {
            r.header("X-Forwarded-For", f);
        }
        return limit(config, new AtomicLong()).client(r.build());
    }

    @Test
    void theClientIsThePeerAndLoopbackIsLeftAloneByDefault() {
        RateLimit d = RateLimit.defaults();
        assertThat(d.limitLoopback()).isFalse();
        assertThat(client(d, "203.0.113.5")).isEqualTo(new ClientRateLimit.Client("203.0.113.5", false));
        assertThat(client(d, "127.0.0.1").exempt()).isTrue();
        assertThat(client(d, "127.0.0.9").exempt()).isTrue();
        assertThat(client(d, "::1").exempt()).isTrue();
        assertThat(client(d.withLoopbackLimited(true), "127.0.0.1")).isEqualTo(new ClientRateLimit.Client("127.0.0.1", false));
    }

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() {
        RateLimit d = RateLimit.defaults();
        assertThat(client(d, "203.0.113.5", "198.51.100.7").key()).isEqualTo("203.0.113.5");
        assertThat(client(d, "127.0.0.1", "198.51.100.7")).as("a local client cannot name itself remote")
                .isEqualTo(new ClientRateLimit.Client("127.0.0.1", true));
        assertThat(client(d.withTrustedProxies(List.of("10.0.0.0/8")), "203.0.113.5", "198.51.100.7").key())
                .as("a peer outside the trusted blocks").isEqualTo("203.0.113.5");
    }

    @Test
    void behindTrustedProxiesTheClientIsTheNearestUntrustedForwardedAddress() {
        RateLimit t = RateLimit.defaults().withTrustedProxies(List.of("10.0.0.0/8", "192.168.1.7"));
        assertThat(client(t, "10.1.2.3", "198.51.100.7")).isEqualTo(new ClientRateLimit.Client("198.51.100.7", false));
        assertThat(client(t, "10.1.2.3", "1.2.3.4, 198.51.100.7").key()).as("what the client wrote itself is ignored")
                .isEqualTo("198.51.100.7");
        assertThat(client(t, "10.1.2.3", "198.51.100.7, 10.0.0.9", "192.168.1.7").key()).as("proxies in a chain")
                .isEqualTo("198.51.100.7");
        assertThat(client(t, "192.168.1.7", "127.0.0.1").exempt()).as("a local client behind our proxy").isTrue();
        assertThat(client(t, "10.1.2.3", "not-an-ip").key()).isEqualTo("not-an-ip");
        assertThat(client(t, "10.1.2.3").key()).as("no header: the proxy itself").isEqualTo("10.1.2.3");
        assertThat(client(t, "10.1.2.3", "x".repeat(500)).key()).hasSize(64);
    }

    @Test
    void badSettingsFailAtStartNamingTheSetting() {
        assertThatThrownBy(() -> new RateLimit(-1, 10, false, List.of())).hasMessageContaining("rate limit");
        assertThatThrownBy(() -> new RateLimit(Double.NaN, 10, false, List.of())).hasMessageContaining("rate limit");
        assertThatThrownBy(() -> new RateLimit(10, 0, false, List.of())).hasMessageContaining("burst");
        assertThatThrownBy(() -> RateLimit.defaults().withTrustedProxies(List.of("proxy.example.com")))
                .hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> RateLimit.defaults().withTrustedProxies(List.of("10.0.0.0/33")))
                .hasMessageContaining("prefix");
        assertThat(RateLimit.off().enabled()).isFalse();
        assertThat(new RateLimit(0, 0, false, null).trustedProxies()).isEmpty();
    }

    // ---- over HTTP -------------------------------------------------------------------------------------------

    private WebTestClient serve(RateLimit limit) {
        GatewayConfig config = TestGateways.config(true).withRateLimit(limit);
        server = TestGateways.serve(TestGateways.handler(config, new TestGateways.Fakes(), registry, clock::get));
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + server.port())
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.ResponseSpec predict(WebTestClient http, String forwardedFor) {
        WebTestClient.RequestBodySpec r = http.post().uri("/v1/calories/predict").contentType(MediaType.APPLICATION_JSON);
        if (forwardedFor != null) {
            r.header("X-Forwarded-For", forwardedFor);
        }
        return r.bodyValue(CALORIES).exchange();
    }

    private double rateLimited(String route) {
        var c = registry.find("hindsight.http.rejected").tags("route", route, "reason", "rate_limited").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void overTheLimitIs429WithRetryAfterAndAReasonCountedThenServedOnceATokenIsBack() {
        WebTestClient http = serve(new RateLimit(1, 3, true, List.of()));
        for (int i = 0; i < 3; i++) {
            predict(http, null).expectStatus().isOk();
        }
        predict(http, null).expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("too many requests")
                .jsonPath("$.message").value(m -> assertThat(m.toString())
                        .contains("more than 1 requests/s (burst 3) from 127.0.0.1", "retry after 1 s"));
        http.get().uri("/healthz").exchange().expectStatus().isEqualTo(429); // every route: it is the client that is limited
        assertThat(rateLimited("/v1/calories/predict")).isEqualTo(1);
        assertThat(rateLimited("/healthz")).isEqualTo(1);
        assertThat(registry.get("hindsight.http.requests").tags("route", "/v1/calories/predict", "status", "429")
                .counter().count()).isEqualTo(1);

        clock.addAndGet(SECOND);
        predict(http, null).expectStatus().isOk();
        predict(http, null).expectStatus().isEqualTo(429);
    }

    @Test
    void loopbackClientsAreNotLimitedByDefault() {
        WebTestClient http = serve(new RateLimit(1, 3, false, List.of()));
        for (int i = 0; i < 20; i++) {
            predict(http, null).expectStatus().isOk();
        }
        assertThat(rateLimited("/v1/calories/predict")).isZero();
    }

    @Test
    void aForwardedForHeaderDoesNotEscapeTheLimitWithoutATrustedProxy() {
        WebTestClient http = serve(new RateLimit(1, 3, true, List.of()));
        for (int i = 0; i < 3; i++) {
            predict(http, "198.51.100." + i).expectStatus().isOk();
        }
        predict(http, "198.51.100.99").expectStatus().isEqualTo(429);
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
        WebTestClient http = serve(new RateLimit(1, 3, true, List.of("127.0.0.1")));
        for (int i = 0; i < 3; i++) {
            predict(http, "198.51.100.7").expectStatus().isOk();
        }
        predict(http, "198.51.100.7").expectStatus().isEqualTo(429);
        predict(http, "203.0.113.9, 198.51.100.7").expectStatus().isEqualTo(429); // a spoofed first hop changes nothing
        predict(http, "198.51.100.8").expectStatus().isOk();
        assertThat(rateLimited("/v1/calories/predict")).isEqualTo(2);
    }

    @Test
    void offMeansOff() {
        WebTestClient http = serve(RateLimit.off().withLoopbackLimited(true));
        for (int i = 0; i < 20; i++) {
            predict(http, null).expectStatus().isOk();
        }
    }
}
