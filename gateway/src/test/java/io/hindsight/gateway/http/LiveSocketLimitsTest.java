package io.hindsight.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.gateway.GatewayConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Both live sockets refuse what they cannot read as a frame by closing with the RFC 6455 status and a reason, and
 * count it: a frame over the limit (1009), a fragmented message over the limit (1009), a text frame that is not
 * UTF-8 (1007). Anything else gets an error frame and the socket stays open (see the fuzz and the socket tests).
 */
class LiveSocketLimitsTest {
    static final int MAX_BODY = 8 * 1024;

    PrometheusMeterRegistry registry;
    DisposableServer server;

    @BeforeEach
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TestGateways.Fakes fakes = new TestGateways.Fakes();
        fakes.rps = new FakeRps();
        server = TestGateways.serve(TestGateways.handler(TestGateways.config(true).withMaxBodyBytes(MAX_BODY), fakes,
                registry));
    }

    @AfterEach
    void stop() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    record Closed(int code, String reason, List<String> frames) {
    }

    /** Sends the frames and waits (at most 30 s) for the server to close the socket. */
    private Closed send(String route, List<WebSocketFrame> frames) throws Exception {
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        List<String> received = new CopyOnWriteArrayList<>();
        Disposable c = HttpClient.create().websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri("ws://127.0.0.1:" + server.port() + route)
                .handle((in, out) -> Mono.when(
                        out.sendObject(Flux.fromIterable(frames).concatWith(Flux.never())).then(),
                        in.receive().asString().doOnNext(received::add).then(),
                        in.receiveCloseStatus().doOnNext(s -> closed.complete(new Closed(s.code(), s.reasonText(),
                                received))).then()))
                .subscribe(v -> { }, closed::completeExceptionally, () -> { });
        try {
            return closed.get(30, TimeUnit.SECONDS);
        } finally {
            c.dispose();
        }
    }

    private double errors(String route, String reason) {
        var c = registry.find("hindsight.ws.errors").tags("route", route, "reason", reason).counter();
        return c == null ? -1 : c.count();
    }

    private static List<WebSocketFrame> oneFrame(byte[] payload) {
        return List.of(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    private static List<WebSocketFrame> fragments(int parts, int size) {
        List<WebSocketFrame> frames = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            byte[] part = "a".repeat(size).getBytes(StandardCharsets.US_ASCII);
            frames.add(i == 0 ? new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(part))
                    : new ContinuationWebSocketFrame(i == parts - 1, 0, Unpooled.wrappedBuffer(part)));
        }
        return frames;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/v1/rps/live, 413, 400", "/v1/digits/live, too_large, malformed"})
    void framesTheSocketCannotReadCloseItWithTheRfcStatusAndAReasonAndAreCounted(String route, String tooLarge,
                                                                                  String notUtf8) throws Exception {
        int limit = route.contains("rps") ? GatewayConfig.SMALL_BODY_BYTES : MAX_BODY;
        double inBefore = registry.find("hindsight.ws.frames").tags("route", route, "direction", "in", "type", "other")
                .counter().count();

        Closed big = send(route, oneFrame(("{\"type\":\"" + "x".repeat(limit) + "\"}").getBytes(StandardCharsets.UTF_8)));
        assertThat(big.code()).isEqualTo(1009);
        assertThat(big.reason()).contains("Max frame length of " + limit);

        Closed fragmented = send(route, fragments(4, limit / 2));
        assertThat(fragmented.code()).isEqualTo(1009);
        assertThat(fragmented.reason()).contains("exceeded " + limit + " bytes");
        assertThat(errors(route, tooLarge)).isEqualTo(2);

        Closed notText = send(route, oneFrame(new byte[] {'{', '"', 't', (byte) 0xC3, 0x28, '"', ':', '1', '}'}));
        assertThat(notText.code()).isEqualTo(1007);
        assertThat(notText.reason()).isEqualTo("text frames must be UTF-8");
        assertThat(notText.frames()).as("no error frame: the close status says it")
                .noneMatch(f -> f.contains("\"type\":\"error\""));
        assertThat(errors(route, notUtf8)).isEqualTo(1);
        assertThat(registry.find("hindsight.ws.frames").tags("route", route, "direction", "in", "type", "other")
                .counter().count() - inBefore).as("each counted as a frame in").isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/v1/rps/live", "/v1/digits/live"})
    void aFrameJustUnderTheLimitIsReadAndAnswered(String route) throws Exception {
        int limit = route.contains("rps") ? GatewayConfig.SMALL_BODY_BYTES : MAX_BODY;
        String frame = "{\"type\":\"" + "x".repeat(limit - 12) + "\"}";
        assertThat(frame.length()).isLessThanOrEqualTo(limit);
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<String> error = new CompletableFuture<>();
        Disposable c = HttpClient.create().websocket().uri("ws://127.0.0.1:" + server.port() + route)
                .handle((in, out) -> Mono.when(out.sendString(Flux.just(frame).concatWith(Flux.never())).then(),
                        in.receive().asString().doOnNext(t -> {
                            received.add(t);
                            if (t.contains("\"type\":\"error\"")) {
                                error.complete(t);
                            }
                        }).then()))
                .subscribe();
        try {
            String e = error.get(30, TimeUnit.SECONDS);
            assertThat(Json.tree(e.getBytes(StandardCharsets.UTF_8)).get("reason").asString()).contains("unknown frame type");
            assertThat(e.length()).as("the frame is quoted, not echoed").isLessThan(400);
        } finally {
            c.dispose();
        }
    }
}
