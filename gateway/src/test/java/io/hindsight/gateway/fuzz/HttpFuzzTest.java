package io.hindsight.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.http.FakeRps;
import io.hindsight.gateway.http.TestGateways;
import io.hindsight.gateway.models.TestOnnx;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.DisposableServer;

/**
 * Every HTTP entry point that takes a body, fuzzed with {@value #CASES_DEFAULT} generated malformed bodies (or
 * model files) each, over keep-alive connections to the whole stack on a real Reactor Netty server (loopback,
 * fakes instead of Kafka: every refusal happens before anything would be produced). Each answer must be a 4xx
 * with a JSON reason, never a 5xx or no answer; the route's {@code hindsight_http_rejected_total} must grow by
 * exactly the number sent (and so must its 4xx count of {@code hindsight_http_requests_total}); and a valid
 * request afterwards must succeed. Seeded: {@code -Dhindsight.fuzz.seed}, {@code -Dhindsight.fuzz.cases}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFuzzTest {
    static final int CASES_DEFAULT = 10_000;
    static final int CASES = Integer.getInteger("hindsight.fuzz.cases", CASES_DEFAULT);
    static final long SEED = Long.getLong("hindsight.fuzz.seed", 8_2026L);
    static final int CONCURRENCY = 4;
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_MODEL = 64 * 1024;
    static final String BEARER = "Bearer " + TestGateways.ADMIN_TOKEN;

    PrometheusMeterRegistry registry;
    TestGateways.Fakes fakes;
    DisposableServer server;
    FuzzClient client;
    String gameId;

    /**
     * One entry point: where it is, its route tag, what its bodies look like and its limit, and a valid request
     * with the status it gets.
     */
    record EntryPoint(String name, String method, String path, String route, MalformedJson.Shape shape, int limit,
                      String valid, int validStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void start() throws Exception {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        fakes = new TestGateways.Fakes();
        fakes.rps = new FakeRps();
        fakes.registry.add(new ModelVersion(Shapes.CNN, "digits", "cnn", 1_000, ModelVersion.ONNX, "a".repeat(64), 10,
                        List.of(), Map.of(), Map.of(), List.of(), null))
                .add(new AliasAssignment("digits", "cnn", "Production", Shapes.CNN, 1_000, "first"));
        GatewayConfig config = TestGateways.config(true).withMaxBodyBytes(MAX_BODY).withMaxModelBytes(MAX_MODEL)
                .withAdminToken(TestGateways.ADMIN_TOKEN);
        server = TestGateways.serve(TestGateways.handler(config, fakes, registry));
        client = new FuzzClient();
        HttpResponse<byte[]> game = send("POST", "/v1/rps/games", "{}", "application/json");
        assertThat(game.statusCode()).as(new String(game.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        gameId = Json.tree(game.body()).get("gameId").asString();
    }

    @AfterAll
    void stop() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    Stream<EntryPoint> entryPoints() {
        String calories = "{\"id\":\"ok-1\",\"Sex\":\"male\",\"Age\":30,\"Height\":180,\"Weight\":80,\"Duration\":20,"
                + "\"Heart_Rate\":100,\"Body_Temp\":40}";
        return Stream.of(
                new EntryPoint("calories predict", "POST", "/v1/calories/predict", "/v1/calories/predict",
                        Shapes.CALORIES_PREDICT, MAX_BODY, calories, 200),
                new EntryPoint("calories feedback", "POST", "/v1/calories/feedback", "/v1/calories/feedback",
                        Shapes.CALORIES_FEEDBACK, MAX_BODY, "{\"id\":\"ok-1\",\"Calories\":120}", 202),
                new EntryPoint("seed predict", "POST", "/predict", "/predict", Shapes.CALORIES_PREDICT, MAX_BODY,
                        calories, 200),
                new EntryPoint("seed feedback", "POST", "/feedback", "/feedback", Shapes.CALORIES_FEEDBACK, MAX_BODY,
                        "{\"id\":\"ok-1\",\"Calories\":120}", 200),
                new EntryPoint("digits predict", "POST", "/v1/digits/predict", "/v1/digits/predict",
                        Shapes.DIGITS_PREDICT, 1024 * 1024, "{\"id\":\"d-1\",\"strokes\":" + Shapes.STROKES + "}", 200),
                new EntryPoint("digits feedback", "POST", "/v1/digits/feedback", "/v1/digits/feedback",
                        Shapes.DIGITS_FEEDBACK, MAX_BODY, "{\"id\":\"d-1\",\"label\":7}", 202),
                new EntryPoint("rps game create", "POST", "/v1/rps/games", "/v1/rps/games", Shapes.RPS_START,
                        GatewayConfig.SMALL_BODY_BYTES, "{\"family\":\"logan\"}", 201),
                new EntryPoint("rps move", "POST", "/v1/rps/games/" + gameId + "/moves", "/v1/rps/games/{id}/moves",
                        Shapes.RPS_MOVE, GatewayConfig.SMALL_BODY_BYTES, "{\"round\":1,\"move\":\"rock\"}", 200),
                new EntryPoint("alias move", "PUT", "/v1/models/digits/cnn/aliases/B",
                        "/v1/models/{task}/{family}/aliases/{alias}", Shapes.ALIAS_MOVE, GatewayConfig.SMALL_BODY_BYTES,
                        "{\"version\":\"" + Shapes.CNN + "\",\"reason\":\"after the fuzz\"}", 200),
                new EntryPoint("promotion override", "POST", "/v1/promotions/override", "/v1/promotions/override",
                        Shapes.OVERRIDE, GatewayConfig.SMALL_BODY_BYTES, "{\"task\":\"digits\",\"family\":\"cnn\","
                        + "\"alias\":\"B\",\"version\":\"" + Shapes.CNN + "\",\"reason\":\"after the fuzz\"}", 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPoints")
    void everyMalformedBodyIsAnswered4xxWithAReasonAndCounted(EntryPoint e) {
        double rejectedBefore = rejected(e.route());
        double clientErrorsBefore = answered(e.route(), 4);
        MalformedJson cases = new MalformedJson(e.shape(), SEED ^ e.name().hashCode(), e.limit());
        URI uri = uri(e.path());
        long t0 = System.nanoTime();
        FuzzClient.Report report = client.run(CASES, () -> {
            MalformedJson.Case c = cases.next();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(FuzzClient.REQUEST_TIMEOUT)
                    .method(e.method(), HttpRequest.BodyPublishers.ofByteArray(c.body()))
                    .header("Authorization", BEARER);
            if (c.contentType() != null) {
                b.header("Content-Type", c.contentType());
            }
            return new FuzzClient.Sent(b.build(), c.toString());
        }, CONCURRENCY);
        System.out.printf("fuzz %-20s %,d cases in %,d ms; kinds %s; answers %s%n", e.name(), report.sent(),
                (System.nanoTime() - t0) / 1_000_000, new java.util.TreeMap<>(cases.counts()), report.byStatus());

        assertThat(report.failed()).as(e.name() + ": " + report).isZero();
        awaitCounted(e.route(), rejectedBefore, clientErrorsBefore, CASES);
        assertThat(answered(e.route(), 5)).as("no 5xx on " + e.route()).isZero();
        HttpResponse<byte[]> ok = send(e.method(), e.path(), e.valid(), "application/json");
        assertThat(ok.statusCode()).as(e.name() + " still serves: " + new String(ok.body(), StandardCharsets.UTF_8))
                .isEqualTo(e.validStatus());
    }

    @Test
    void everyMalformedModelUploadIsAnswered4xxWithAReasonAndCounted() {
        String route = "/v1/models/digits";
        double rejectedBefore = rejected(route);
        double clientErrorsBefore = answered(route, 4);
        double uploadsRejectedBefore = uploadsRejected();
        MalformedModels cases = new MalformedModels(TestOnnx.valid(), MAX_MODEL, SEED);
        long t0 = System.nanoTime();
        FuzzClient.Report report = client.run(CASES, () -> {
            MalformedModels.Case c = cases.next();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(route + "?" + c.query())).timeout(FuzzClient.REQUEST_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()))
                    .header("Authorization", BEARER);
            if (c.contentType() != null) {
                b.header("Content-Type", c.contentType());
            }
            return new FuzzClient.Sent(b.build(), c.toString());
        }, CONCURRENCY);
        System.out.printf("fuzz %-20s %,d cases in %,d ms; kinds %s; answers %s%n", "model upload", report.sent(),
                (System.nanoTime() - t0) / 1_000_000, new java.util.TreeMap<>(cases.counts()), report.byStatus());

        assertThat(report.failed()).as("model upload: " + report).isZero();
        awaitCounted(route, rejectedBefore, clientErrorsBefore, CASES);
        assertThat(uploadsRejected() - uploadsRejectedBefore).as("hindsight_model_uploads_total{result=rejected}")
                .isEqualTo(CASES);
        assertThat(answered(route, 5)).isZero();
        assertThat(fakes.models.published).isEmpty();
        HttpResponse<byte[]> ok = send("POST", route + "?family=fuzz&alias=B", TestOnnx.valid(), "application/octet-stream");
        assertThat(ok.statusCode()).as(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void awaitCounted(String route, double rejectedBefore, double clientErrorsBefore, int n) {
        // the metrics filter records an answer once it is written: the last ones may trail the client by a moment
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(rejected(route) - rejectedBefore).as("hindsight_http_rejected_total{route=" + route + "}")
                    .isEqualTo(n);
            assertThat(answered(route, 4) - clientErrorsBefore).as("4xx of hindsight_http_requests_total{route=" + route + "}")
                    .isEqualTo(n);
        });
    }

    private double rejected(String route) {
        return registry.find("hindsight.http.rejected").tag("route", route).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Answers of the route whose status is {@code hundreds}xx. */
    private double answered(String route, int hundreds) {
        return registry.find("hindsight.http.requests").tag("route", route).counters().stream()
                .filter(c -> c.getId().getTag("status").startsWith(Integer.toString(hundreds)))
                .mapToDouble(Counter::count).sum();
    }

    private double uploadsRejected() {
        return registry.find("hindsight.model.uploads").tag("result", "rejected").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<byte[]> send(String method, String path, String body, String contentType) {
        return send(method, path, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String contentType) {
        HttpRequest r = HttpRequest.newBuilder(uri(path)).timeout(FuzzClient.REQUEST_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType).header("Authorization", BEARER).build();
        try {
            return client.http().send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
