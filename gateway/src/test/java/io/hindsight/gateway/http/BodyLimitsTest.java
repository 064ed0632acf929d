package io.hindsight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.digits.DigitsRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Every route that takes a body has a limit from {@link GatewayConfig}: small JSON bodies
 * ({@link GatewayConfig#maxBodyBytes()}, the few-field ones at most {@link GatewayConfig#SMALL_BODY_BYTES}, digits
 * predict at least 1 MiB) and model uploads ({@link GatewayConfig#maxModelBytes()}). Over it: 413 with the reason,
 * counted, whether the length is declared (nothing is read) or not (reading stops at the limit).
 */
class BodyLimitsTest {
    static final int JSON = 2048;
    static final int MODEL = 40_000;
    static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

    /** A route that takes a body, its route tag and its limit under this test's config. */
    record BodyRoute(HttpMethod method, String path, String route, String contentType, int limit) {
        @Override
        public String toString() {
            return method + " " + route + " (" + limit + " bytes)";
        }
    }

    static Stream<BodyRoute> routes() {
        String json = "application/json";
        return Stream.of(
                new BodyRoute(HttpMethod.POST, "/predict", "/predict", json, JSON),
                new BodyRoute(HttpMethod.POST, "/feedback", "/feedback", json, JSON),
                new BodyRoute(HttpMethod.POST, "/v1/calories/predict", "/v1/calories/predict", json, JSON),
                new BodyRoute(HttpMethod.POST, "/v1/calories/feedback", "/v1/calories/feedback", json, JSON),
                new BodyRoute(HttpMethod.POST, "/v1/digits/predict", "/v1/digits/predict", json, DigitsRoutes.MIN_BODY_BYTES),
                new BodyRoute(HttpMethod.POST, "/v1/digits/feedback", "/v1/digits/feedback", json, JSON), // not 1 MiB
                new BodyRoute(HttpMethod.POST, "/v1/rps/games", "/v1/rps/games", json, JSON),
                new BodyRoute(HttpMethod.POST, "/v1/rps/games/g1/moves", "/v1/rps/games/{id}/moves", json, JSON),
                new BodyRoute(HttpMethod.PUT, "/v1/models/digits/cnn/aliases/B", "/v1/models/{task}/{family}/aliases/{alias}",
                        json, JSON),
                new BodyRoute(HttpMethod.POST, "/v1/promotions/override", "/v1/promotions/override", json, JSON),
                new BodyRoute(HttpMethod.POST, "/v1/models/digits?family=f&alias=B", "/v1/models/digits",
                        "application/octet-stream", MODEL));
    }

    PrometheusMeterRegistry registry;
    HttpHandler handler;
    WebTestClient http;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayConfig config = TestGateways.config(true).withMaxBodyBytes(JSON).withMaxModelBytes(MODEL)
                .withAdminToken(TestGateways.ADMIN_TOKEN);
        handler = TestGateways.handler(config, new TestGateways.Fakes(), registry);
        http = TestGateways.client(handler);
    }

    private WebTestClient.RequestBodySpec request(BodyRoute r) {
        return http.method(r.method()).uri(r.path()).header("Content-Type", r.contentType())
                .header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN);
    }

    private double tooLarge(String route) {
        var c = registry.find("hindsight.http.rejected").tags("route", route, "reason", "too_large").counter();
        return c == null ? -1 : c.count();
    }

    @Test
    void theTableHereIsEveryRouteThatTakesABody() {
        // the stack declares a too_large counter for each route that takes a body
        Set<String> declared = registry.find("hindsight.http.rejected").tag("reason", "too_large").counters().stream()
                .map(c -> c.getId().getTag("route")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).isEqualTo(routes().map(BodyRoute::route).collect(Collectors.toCollection(TreeSet::new)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void aDeclaredLengthOverTheLimitIs413WithTheLimit(BodyRoute r) {
        request(r).bodyValue(new byte[r.limit() + 1]).exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error").isEqualTo("request body too large")
                .jsonPath("$.message").isEqualTo("the limit is " + r.limit() + " bytes");
        assertThat(tooLarge(r.route())).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void anUndeclaredLengthOverTheLimitIs413Too(BodyRoute r) {
        Flux<DataBuffer> chunks = Flux.range(0, r.limit() / 1024 + 2).map(i -> BUFFERS.wrap(new byte[1024]));
        request(r).body(chunks, DataBuffer.class).exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.message").isEqualTo("the limit is " + r.limit() + " bytes");
        assertThat(tooLarge(r.route())).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void aBodyOfExactlyTheLimitIsRead(BodyRoute r) {
        byte[] body = new byte[r.limit()];
        Arrays.fill(body, (byte) ' '); // blanks: read in full, then refused for what they are, not for their size
        request(r).bodyValue(body).exchange().expectStatus().value(s -> assertThat(s).isNotEqualTo(413));
        assertThat(tooLarge(r.route())).isZero();
    }

    @Test
    void readingStopsAtTheLimitWithoutHoldingTheRest() {
        AtomicLong produced = new AtomicLong();
        Flux<DataBuffer> endless = Flux.generate(sink -> {
            produced.addAndGet(1024);
            sink.next(BUFFERS.wrap(new byte[1024]));
        });
        ServerRequest request = ServerRequest.create(MockServerWebExchange.from(MockServerHttpRequest.post("/x")
                .header("Content-Type", "application/json").body(endless)), HandlerStrategies.withDefaults().messageReaders());
        StepVerifier.create(new RequestBodies(8 * 1024).json(request))
                .expectErrorSatisfies(e -> assertThat(((HttpRejection) e).status().value()).isEqualTo(413))
                .verify(java.time.Duration.ofSeconds(30));
        assertThat(produced.get()).as("bytes pulled from an endless body").isLessThanOrEqualTo(8 * 1024 + 2 * 1024);
    }

    @Test
    void anUnparseableContentTypeIs415NotAnError() {
        // straight to the handler: WebTestClient will not send a Content-Type it cannot parse
        for (String type : new String[] {"application/", "garbage", ";;;", "/json", "application/json/x"}) {
            MockServerHttpResponse response = new MockServerHttpResponse();
            handler.handle(MockServerHttpRequest.post("/v1/calories/predict").header("Content-Type", type)
                    .body(Flux.just(BUFFERS.wrap("{}".getBytes(StandardCharsets.UTF_8)))), response)
                    .block(java.time.Duration.ofSeconds(10));
            assertThat(response.getStatusCode().value()).as(type).isEqualTo(415);
            assertThat(response.getBodyAsString().block()).contains("\"error\":\"unsupported content type\"");
        }
        var c = registry.find("hindsight.http.rejected").tags("route", "/v1/calories/predict", "reason", "malformed")
                .counter();
        assertThat(c.count()).isEqualTo(5);
    }

    @Test
    void aBodyWithThousandsOfBadValuesIsAnsweredWithTwentyOfThem() {
        String pixels = Stream.generate(() -> "5").limit(784).collect(Collectors.joining(","));
        byte[] body = ("{\"id\":\"many\",\"pixels\":[" + pixels + "]}").getBytes(StandardCharsets.UTF_8);
        http.post().uri("/v1/digits/predict").header("Content-Type", "application/json").bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.fields.length()").isEqualTo(HttpRejection.MAX_FIELD_ERRORS + 1)
                .jsonPath("$.fields[20].message").value(m -> assertThat(m.toString()).matches("and \\d+ more errors"));
    }

    @Test
    void theLimitsComeFromTheConfigWithSaneDefaults() {
        GatewayConfig d = GatewayConfig.defaults("k:9092");
        assertThat(d.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(d.smallBodyBytes()).isEqualTo(4096);
        assertThat(d.maxModelBytes()).isEqualTo(32 * 1024 * 1024);
        assertThat(d.withMaxBodyBytes(1000).smallBodyBytes()).as("never above the JSON limit").isEqualTo(1000);
        double total = registry.find("hindsight.http.rejected").counters().stream().mapToDouble(Counter::count).sum();
        assertThat(total).isZero();
    }
}
