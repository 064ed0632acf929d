package io.hindsight.gateway.digits;

import io.hindsight.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;

/** A Reactor Netty WebSocket client for the live routes (digits, rps): send frames, wait for the ones that matter. */
public final class LiveClient implements AutoCloseable {
    private final Sinks.Many<Object> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    public final List<JsonNode> seen = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private final Disposable connection;

    public LiveClient(String url, String origin) {
        HttpClient client = HttpClient.create().headers(h -> {
            if (origin != null) {
                h.set("Origin", origin);
            }
        });
        connection = client.websocket().uri(url)
                .handle((in, out) -> in.receive().asString().doOnNext(text -> {
                    JsonNode frame = Json.tree(text.getBytes(StandardCharsets.UTF_8));
                    seen.add(frame);
                    inbox.add(frame);
                }).then().and(send(out)))
                .subscribe(v -> { }, failure::complete, () -> failure.complete(null));
    }

    private reactor.core.publisher.Mono<Void> send(WebsocketOutbound out) {
        return out.sendObject(outgoing.asFlux().map(o -> o instanceof byte[] b
                ? new io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame(io.netty.buffer.Unpooled.wrappedBuffer(b))
                : new io.netty.handler.codec.http.websocketx.TextWebSocketFrame((String) o))).then();
    }

    public void send(String frame) {
        outgoing.tryEmitNext(frame).orThrow();
    }

    void sendBinary(byte[] frame) {
        outgoing.tryEmitNext(frame).orThrow();
    }

    /** The next frame of this type (others are skipped), within 10 s. */
    public JsonNode next(String type) throws InterruptedException {
        return next(f -> type.equals(f.path("type").asString()), type);
    }

    public JsonNode next(Predicate<JsonNode> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode f = inbox.poll(50, TimeUnit.MILLISECONDS);
            if (f != null && wanted.test(f)) {
                return f;
            }
        }
        throw new AssertionError("no " + what + " frame within 10 s; seen " + seen);
    }

    /** Frames of this type seen so far. */
    public List<JsonNode> all(String type) {
        return seen.stream().filter(f -> type.equals(f.path("type").asString())).toList();
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
