package io.hindsight.gateway.fuzz;

import io.hindsight.contracts.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Sends generated requests over keep-alive HTTP/1.1 connections (java.net.http, a few in flight at a time) and
 * checks each answer is a 4xx whose JSON body says why. Keeps the tally by status and the first failures, not
 * the cases themselves.
 */
final class FuzzClient {
    /** A request with what to print when its answer is wrong. */
    record Sent(HttpRequest request, String description) {
    }

    /** What came back for a run. */
    record Report(int sent, Map<Integer, Integer> byStatus, List<String> failures, int failed) {
        @Override
        public String toString() {
            return sent + " sent, by status " + byStatus + (failed == 0 ? "" : ", " + failed + " wrong, first: " + failures);
        }
    }

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int FAILURES_KEPT = 10;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** Sends {@code n} requests from {@code next}, at most {@code concurrency} in flight, and checks every answer. */
    Report run(int n, Supplier<Sent> next, int concurrency) {
        Semaphore permits = new Semaphore(concurrency);
        Map<Integer, Integer> byStatus = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Sent s = next.get();
            permits.acquireUninterruptibly();
            all.add(http.sendAsync(s.request(), HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, error) -> {
                        permits.release();
                        int status = response == null ? -1 : response.statusCode();
                        byStatus.merge(status, 1, Integer::sum);
                        String problem = error != null ? "no answer: " + error : problem(response);
                        if (problem != null) {
                            failed.incrementAndGet();
                            if (failures.size() < FAILURES_KEPT) {
                                failures.add(problem + " <- " + s.description());
                            }
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return new Report(n, new TreeMap<>(byStatus), List.copyOf(failures), failed.get());
    }

    /** Null when the answer is a 4xx with a JSON object {"error":"...", "message"|"fields"}; else what is wrong. */
    static String problem(HttpResponse<byte[]> r) {
        String head = r.statusCode() + " " + preview(r.body());
        if (r.statusCode() < 400 || r.statusCode() >= 500) {
            return "not a 4xx: " + head;
        }
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return "not JSON: " + r.headers().firstValue("Content-Type").orElse("no Content-Type") + " " + head;
        }
        JsonNode body;
        try {
            body = Json.tree(r.body());
        } catch (RuntimeException e) {
            return "unreadable JSON: " + head;
        }
        boolean says = body.path("error").isString() && !body.get("error").asString().isBlank()
                && (body.path("message").isString() || body.path("fields").isArray() && !body.get("fields").isEmpty());
        return says ? null : "no reason: " + head;
    }

    private static String preview(byte[] body) {
        String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    HttpClient http() {
        return http;
    }
}
