package io.hindsight.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.gateway.bus.BusUnavailableException;
import io.hindsight.gateway.http.TestGateways;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** POST /v1/models/digits over the whole HTTP stack, with a recording registry writer instead of Kafka. */
class ModelUploadRoutesTest {
    static final String PATH = "/v1/models/digits?family=centroid&alias=B";

    PrometheusMeterRegistry registry;
    TestGateways.Fakes fakes;
    WebTestClient http;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        fakes = new TestGateways.Fakes();
        http = TestGateways.client(TestGateways.handler(TestGateways.config(true).withAdminToken(TestGateways.ADMIN_TOKEN),
                fakes, registry));
    }

    private WebTestClient.ResponseSpec upload(String path, byte[] bytes) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN)
                .header("Content-Disposition", "attachment; filename=\"centroid.onnx\"")
                .header("User-Agent", "curl/8.5.0")
                .bodyValue(bytes).exchange();
    }

    private double rejected(String reason) {
        var c = registry.find("hindsight.model.uploads").tags("result", "rejected", "reason", reason).counter();
        return c == null ? -1 : c.count();
    }

    @Test
    void aGoodModelIsPublishedWithItsVersionProvenanceAndAliasThen201() {
        byte[] model = TestOnnx.valid();
        String sha = Sha256.hex(model);
        upload(PATH, model).expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.version").isEqualTo("digits-centroid-" + sha.substring(0, 12))
                .jsonPath("$.task").isEqualTo("digits")
                .jsonPath("$.family").isEqualTo("centroid")
                .jsonPath("$.alias").isEqualTo("B")
                .jsonPath("$.sha256").isEqualTo(sha)
                .jsonPath("$.bytes").isEqualTo(model.length)
                .jsonPath("$.samples").isEqualTo(200)
                .jsonPath("$.outputKind").isEqualTo("probabilities")
                .jsonPath("$.sampleAccuracy").value(a -> assertThat(((Number) a).doubleValue()).isGreaterThan(0.6));

        assertThat(fakes.models.published).hasSize(1);
        TestGateways.RecordingWriter.Published p = fakes.models.published.get(0);
        ModelVersion v = p.version();
        assertThat(p.artifact()).isEqualTo(model);
        assertThat(v.version()).isEqualTo("digits-centroid-" + sha.substring(0, 12));
        assertThat(v.format()).isEqualTo(ModelVersion.ONNX);
        assertThat(v.artifactSha256()).isEqualTo(sha);
        assertThat(v.artifactBytes()).isEqualTo(model.length);
        assertThat(v.metrics()).containsKey("sampleAccuracy");
        assertThat(v.provenance()).containsEntry("source", "upload").containsEntry("filename", "centroid.onnx")
                .containsEntry("userAgent", "curl/8.5.0").containsEntry("sha256", sha).containsEntry("opset", 13L)
                .containsKeys("uploadedAt", "input", "output", "irVersion", "producer", "sample");
        assertThat(((Map<?, ?>) v.provenance().get("input")).get("name")).isEqualTo("input");
        assertThat(p.alias().key()).isEqualTo("digits/centroid/B");
        assertThat(p.alias().version()).isEqualTo(v.version());
        assertThat(registry.get("hindsight.model.uploads").tags("result", "accepted").counter().count()).isEqualTo(1);
        assertThat(registry.get("hindsight.model.upload.check").timer().count()).isEqualTo(1);
    }

    @Test
    void withoutAnAdminTokenConfiguredTheRouteIs403() {
        WebTestClient off = TestGateways.client(TestGateways.handler(TestGateways.config(true), fakes, registry));
        off.post().uri(PATH).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN).bodyValue(TestOnnx.valid()).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.message").isEqualTo("admin routes are disabled: set HINDSIGHT_ADMIN_TOKEN");
        assertThat(fakes.models.published).isEmpty();
        assertThat(rejected("disabled")).isEqualTo(1);
    }

    @Test
    void aMissingOrWrongTokenIs401WithWwwAuthenticate() {
        http.post().uri(PATH).contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(TestOnnx.valid()).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"hindsight-admin\"")
                .expectBody().jsonPath("$.error").isEqualTo("unauthorized");
        for (String auth : new String[] {"Bearer wrong-token-wrong-token", "Basic " + TestGateways.ADMIN_TOKEN, "Bearer"}) {
            http.post().uri(PATH).contentType(MediaType.APPLICATION_OCTET_STREAM).header("Authorization", auth)
                    .bodyValue(TestOnnx.valid()).exchange().expectStatus().isUnauthorized();
        }
        assertThat(fakes.models.published).isEmpty();
        assertThat(rejected("unauthorized")).isEqualTo(4);
        assertThat(registry.get("hindsight.http.rejected").tags("route", "/v1/models/digits", "reason", "unauthorized")
                .counter().count()).isEqualTo(4);
    }

    @Test
    void anotherContentTypeOrNoneIs415() {
        http.post().uri(PATH).contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).contains("application/octet-stream"));
        http.post().uri(PATH).header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN)
                .bodyValue(TestOnnx.valid()).exchange().expectStatus().isEqualTo(415);
        assertThat(rejected("unsupported_type")).isEqualTo(2);
        assertThat(fakes.models.published).isEmpty();
    }

    @Test
    void aFileOver32MiBIs413ByLengthOrWhileReading() {
        upload(PATH, new byte[ModelUploadHandler.MAX_MODEL_BYTES + 1]).expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error").isEqualTo("request body too large");
        DefaultDataBufferFactory f = DefaultDataBufferFactory.sharedInstance;
        Flux<DataBuffer> chunks = Flux.range(0, 33).map(i -> f.wrap(new byte[1024 * 1024]));
        http.post().uri(PATH).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Authorization", "Bearer " + TestGateways.ADMIN_TOKEN)
                .body(chunks, DataBuffer.class).exchange().expectStatus().isEqualTo(413);
        assertThat(rejected("too_large")).isEqualTo(2);
        assertThat(fakes.models.published).isEmpty();
    }

    @Test
    void aBadFamilyOrAliasIs400NamingIt() {
        upload("/v1/models/digits?family=Bad%20Name&alias=B", TestOnnx.valid()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("family");
        upload("/v1/models/digits?family=cnn&alias=Staging", TestOnnx.valid()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields[0].field").isEqualTo("alias");
        upload("/v1/models/digits", TestOnnx.valid()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.fields.length()").isEqualTo(2);
        assertThat(rejected("invalid_parameters")).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.hindsight.gateway.models.HostileModels#all")
    void hostileFilesAre422WithTheReasonAndChangeNothing(String name, Supplier<byte[]> bytes, String reason) {
        upload(PATH, bytes.get()).expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid model")
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains(reason));
        assertThat(fakes.models.published).isEmpty();
        assertThat(rejected("invalid_model")).isEqualTo(1);
        assertThat(registry.get("hindsight.http.rejected").tags("route", "/v1/models/digits", "reason", "unprocessable")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void kafkaNotCommittingIs503AndCounted() {
        fakes.models.failure = new BusUnavailableException("Kafka did not commit");
        upload(PATH, TestOnnx.valid()).expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "1");
        assertThat(rejected("unavailable")).isEqualTo(1);
    }

    @Test
    void theAdminTokenIsNeverPrinted() {
        assertThat(TestGateways.config(true).withAdminToken(TestGateways.ADMIN_TOKEN).toString())
                .doesNotContain(TestGateways.ADMIN_TOKEN).contains("adminToken=(set)");
        assertThat(new String(http.get().uri("/").exchange().expectBody().returnResult().getResponseBody(),
                StandardCharsets.UTF_8)).doesNotContain(TestGateways.ADMIN_TOKEN).doesNotContain("admin routes are off");
    }
}
