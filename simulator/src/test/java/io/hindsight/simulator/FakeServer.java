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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongPredicate;
import tools.jackson.databind.JsonNode;

/**
 * A tiny prediction service on a free loopback port: answers predict (by default as calories does, with
 * {id, Calories}), accepts feedback, and keeps every body it received and when it arrived. Optionally fails
 * chosen predict calls, answers chunked, or answers as another task does.
 */
final class FakeServer implements AutoCloseable {
    static {
        // the JDK server writes headers and body apart: without TCP_NODELAY each answer waits for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final List<JsonNode> predicts = new CopyOnWriteArrayList<>();
    final List<JsonNode> feedbacks = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    /** System.nanoTime() when each predict and each feedback arrived, by id as text. */
    final Map<String, Long> predictedAt = new ConcurrentHashMap<>();
    final Map<String, Long> feedbackAt = new ConcurrentHashMap<>();
    private final AtomicLong predictCalls = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private volatile LongPredicate fail = n -> false;
    private volatile boolean chunked;
    private volatile Function<JsonNode, String> answer = r -> "{\"id\":" + r.get("id") + ",\"Calories\":42.5}";
    private volatile int feedbackStatus = 200;

    FakeServer(String predictPath, String feedbackPath) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(predictPath, this::predict);
        server.createContext(feedbackPath, this::feedback);
        server.setExecutor(pool);
        server.start();
    }

    /** Answers 503 to the predict calls (0-based, in arrival order) the rule picks. */
    FakeServer failing(LongPredicate rule) {
        this.fail = rule;
        return this;
    }

    FakeServer chunked() {
        this.chunked = true;
        return this;
    }

    /** Answers predict with the JSON this makes of the request. */
    FakeServer answering(Function<JsonNode, String> answer) {
        this.answer = answer;
        return this;
    }

    /** Accepts feedback with this status, e.g. 202 as the gateway does for digits. */
    FakeServer acceptingFeedbackWith(int status) {
        this.feedbackStatus = status;
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
        predictedAt.put(record.get("id").asString(), System.nanoTime());
        predicts.add(record);
        respond(ex, 200, answer.apply(record));
    }

    private void feedback(HttpExchange ex) throws IOException {
        JsonNode f = Json.tree(ex.getRequestBody().readAllBytes());
        feedbackAt.put(f.get("id").asString(), System.nanoTime());
        feedbacks.add(f);
        respond(ex, feedbackStatus, "{\"ok\":true}");
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
