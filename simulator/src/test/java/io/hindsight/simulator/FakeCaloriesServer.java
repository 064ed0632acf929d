package io.hindsight.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hindsight.contracts.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import tools.jackson.databind.JsonNode;

/**
 * A tiny calories service on a free loopback port: answers predict with {id, Calories}, accepts feedback, and
 * keeps every body it received. Optionally fails chosen predict calls or answers chunked.
 */
final class FakeCaloriesServer implements AutoCloseable {
    static {
        // the JDK server writes headers and body apart: without TCP_NODELAY each answer waits for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final List<JsonNode> predicts = new CopyOnWriteArrayList<>();
    final List<JsonNode> feedbacks = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final AtomicLong predictCalls = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private volatile LongPredicate fail = n -> false;
    private volatile boolean chunked;

    FakeCaloriesServer(String predictPath, String feedbackPath) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(predictPath, this::predict);
        server.createContext(feedbackPath, this::feedback);
        server.setExecutor(pool);
        server.start();
    }

    /** Answers 503 to the predict calls (0-based, in arrival order) the rule picks. */
    FakeCaloriesServer failing(LongPredicate rule) {
        this.fail = rule;
        return this;
    }

    FakeCaloriesServer chunked() {
        this.chunked = true;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void predict(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
        if (fail.test(predictCalls.getAndIncrement())) {
            respond(ex, 503, "{\"error\":\"unavailable\"}");
            return;
        }
        JsonNode record = Json.tree(body);
        predicts.add(record);
        respond(ex, 200, "{\"id\":" + record.get("id") + ",\"Calories\":42.5}");
    }

    private void feedback(HttpExchange ex) throws IOException {
        feedbacks.add(Json.tree(ex.getRequestBody().readAllBytes()));
        respond(ex, 200, "{\"ok\":true}");
    }

    private void respond(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
