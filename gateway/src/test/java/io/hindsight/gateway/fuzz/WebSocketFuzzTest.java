package io.hindsight.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.json.Json;
import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.http.FakeRps;
import io.hindsight.gateway.http.TestGateways;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;

/**
 * The live sockets fuzzed with {@value HttpFuzzTest#CASES_DEFAULT} generated malformed frames each (the frames of
 * every type the socket knows, broken by {@link MalformedJson}; one in twenty sent as a binary frame). The
 * protocol both sockets define: a frame the session can read is answered with one {@code {"type":"error",
 * "reason",...}} frame and the socket stays open; a frame over the socket's limit closes it with 1009 and a
 * reason, one that is not UTF-8 with 1007 and a reason. So the frames the server can read go down one socket, and
 * must come back as exactly as many error frames (and nothing else but accuracy pushes); each of the others goes
 * down a socket of its own, which must close with its code and a reason. Every frame must be counted once in
 * {@code hindsight_ws_errors_total{route}} and {@code hindsight_ws_frames_total{route,direction="in"}}, and a
 * valid frame afterwards must be answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketFuzzTest {
    static final int CASES = HttpFuzzTest.CASES;
    static final int MAX_BODY = 16 * 1024;
    static final Duration WAIT = Duration.ofSeconds(120);

    PrometheusMeterRegistry registry;
    DisposableServer server;

    /** A socket, the frames it knows, its frame limit, a valid frame and the type of its answer. */
    record Socket(String route, List<MalformedJson.Shape> shapes, int limit, String valid, String answer) {
        @Override
        public String toString() {
            return route;
        }
    }

    @BeforeAll
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TestGateways.Fakes fakes = new TestGateways.Fakes();
        fakes.rps = new FakeRps();
        GatewayConfig config = TestGateways.config(true).withMaxBodyBytes(MAX_BODY);
        server = TestGateways.serve(TestGateways.handler(config, fakes, registry));
    }

    @AfterAll
    void stop() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    Stream<Socket> sockets() {
        return Stream.of(
                new Socket("/v1/rps/live", List.of(Shapes.RPS_START_FRAME, Shapes.RPS_MOVE_FRAME, Shapes.RPS_RESUME_FRAME),
                        GatewayConfig.SMALL_BODY_BYTES, "{\"type\":\"start\"}", "state"),
                new Socket("/v1/digits/live", List.of(Shapes.DIGITS_DRAFT_FRAME, Shapes.DIGITS_ANSWER_FRAME), MAX_BODY,
                        "{\"type\":\"draft\",\"drawing\":\"ok\",\"strokes\":" + Shapes.STROKES + "}", "guess"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sockets")
    void everyMalformedFrameIsAnsweredWithAReasonAndCounted(Socket s) {
        double errorsBefore = sum("hindsight.ws.errors", s.route());
        double inBefore = sum("hindsight.ws.frames", s.route(), "direction", "in");
        Random random = new Random(HttpFuzzTest.SEED ^ s.route().hashCode());
        List<MalformedJson> generators = new ArrayList<>();
        for (MalformedJson.Shape shape : s.shapes()) {
            generators.add(new MalformedJson(shape, random.nextLong(), s.limit(), frameKinds()));
        }
        List<WebSocketFrame> readable = new ArrayList<>();
        List<byte[]> closing = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            byte[] frame = generators.get(i % generators.size()).next().body();
            if (frame.length > s.limit() || !utf8(frame)) {
                closing.add(frame);
            } else if (random.nextInt(20) == 0) {
                readable.add(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
            } else {
                readable.add(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
            }
        }
        long t0 = System.nanoTime();

        // the frames the session reads: one socket, one error frame each, the socket stays open
        Exchange open = new Exchange(url(s.route()), readable);
        await().atMost(WAIT).until(() -> open.errors() >= readable.size() || open.closed.get() != null);
        CloseStatusSeen closedByServer = open.closed.get(); // before close(): disposing is a 1006 of our own
        Map<String, Integer> types = open.types();
        open.close();
        assertThat(closedByServer).as("the socket stayed open").isNull();
        assertThat(types.getOrDefault("error", 0)).as("one error frame per frame").isEqualTo(readable.size());
        assertThat(types.keySet()).as("nothing but errors (and accuracy pushes)").isSubsetOf("error", "accuracy");
        assertThat(open.reasonless).as("error frames without a reason").isEmpty();

        // frames too large or not UTF-8: each closes its socket with a code and a reason
        Map<Integer, Integer> codes = new ConcurrentHashMap<>();
        List<String> wrong = new CopyOnWriteArrayList<>();
        Flux.fromIterable(closing).flatMap(frame -> Mono.fromCallable(() -> {
            Exchange one = new Exchange(url(s.route()), List.of(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame))));
            CloseStatusSeen c = one.closing.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            one.close();
            int expected = frame.length > s.limit() ? 1009 : 1007;
            codes.merge(c.code(), 1, Integer::sum);
            if (c.code() != expected || c.reason() == null || c.reason().isBlank() || one.errors() > 0) {
                wrong.add(c + " for " + frame.length + " bytes, expected " + expected + "; frames " + one.types());
            }
            return c;
        }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 8).blockLast(WAIT);
        System.out.printf("fuzz %-16s %,d frames in %,d ms: %,d answered with an error frame (%,d binary), %,d closed "
                        + "the socket %s%n", s.route(), CASES, (System.nanoTime() - t0) / 1_000_000, readable.size(),
                readable.stream().filter(f -> f instanceof BinaryWebSocketFrame).count(), closing.size(), new TreeMap<>(codes));
        assertThat(wrong).as("sockets closed wrongly").isEmpty();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(sum("hindsight.ws.errors", s.route()) - errorsBefore).as("hindsight_ws_errors_total").isEqualTo(CASES);
            assertThat(sum("hindsight.ws.frames", s.route(), "direction", "in") - inBefore)
                    .as("hindsight_ws_frames_total{direction=in}").isEqualTo(CASES);
        });

        Exchange valid = new Exchange(url(s.route()), List.of(new TextWebSocketFrame(s.valid())));
        await().atMost(WAIT).until(() -> valid.types().containsKey(s.answer()) || valid.errors() > 0);
        valid.close();
        assertThat(valid.types()).as("still answers a valid frame").containsKey(s.answer()).doesNotContainKey("error");
    }

    private static MalformedJson.Kind[] frameKinds() {
        return Stream.of(MalformedJson.Kind.values()).filter(k -> k != MalformedJson.Kind.WRONG_CONTENT_TYPE)
                .toArray(MalformedJson.Kind[]::new);
    }

    private String url(String route) {
        return "ws://127.0.0.1:" + server.port() + route;
    }

    private double sum(String name, String route, String... tags) {
        return registry.find(name).tag("route", route).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    static boolean utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    record CloseStatusSeen(int code, String reason) {
    }

    /** A socket that sends the frames at once and tallies what comes back. */
    static final class Exchange {
        final Map<String, Integer> types = new ConcurrentHashMap<>();
        final List<String> reasonless = new CopyOnWriteArrayList<>();
        final AtomicReference<CloseStatusSeen> closed = new AtomicReference<>();
        final java.util.concurrent.CompletableFuture<CloseStatusSeen> closing = new java.util.concurrent.CompletableFuture<>();
        private final Disposable connection;

        Exchange(String url, List<WebSocketFrame> frames) {
            connection = HttpClient.create()
                    .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1024 * 1024).build())
                    .uri(url)
                    .handle((in, out) -> {
                        Mono<Void> rx = in.receive().asString().doOnNext(this::seen).then();
                        Mono<Void> status = in.receiveCloseStatus()
                                .doOnNext(c -> {
                                    closed.set(new CloseStatusSeen(c.code(), c.reasonText()));
                                    closing.complete(closed.get());
                                }).then();
                        // the outbound stays open after the frames: the client must not be the one to close
                        Mono<Void> tx = out.sendObject(Flux.<WebSocketFrame>fromIterable(frames).concatWith(Flux.never()))
                                .then();
                        return Mono.when(rx, status, tx);
                    })
                    .subscribe(v -> { }, e -> { }, () -> { });
        }

        private void seen(String text) {
            JsonNode f = Json.tree(text.getBytes(StandardCharsets.UTF_8));
            String type = f.path("type").isString() ? f.get("type").asString() : "?";
            types.merge(type, 1, Integer::sum);
            if (type.equals("error") && !(f.path("reason").isString() && !f.get("reason").asString().isBlank())) {
                reasonless.add(text);
            }
        }

        int errors() {
            return types.getOrDefault("error", 0);
        }

        Map<String, Integer> types() {
            return new TreeMap<>(types);
        }

        void close() {
            connection.dispose();
        }
    }
}
