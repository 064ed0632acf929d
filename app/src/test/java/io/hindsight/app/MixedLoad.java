package io.hindsight.app;

import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.simulator.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A client that keeps going through faults: calories and digits requests each with their feedback, and rps
 * games played to the end, all over the gateway's HTTP API. A request that failed (connection refused while the
 * gateway restarts, 503 while Kafka is down, 504) is sent again with the same id until answered, as a real
 * client would; the server's idempotency is what keeps the retry from being predicted or scored twice.
 * Every status is tallied, split by whether the broker was down at the time.
 */
final class MixedLoad {
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(200);
    private static final Set<Integer> RETRIED = Set.of(503, 504);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    final Map<Integer, LongAdder> statusesWhileBrokerDown = new ConcurrentHashMap<>();
    final LongAdder connectionErrors = new LongAdder();
    final LongAdder unavailableWithoutRetryAfter = new LongAdder();
    final List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Set<String> caloriesAccepted = ConcurrentHashMap.newKeySet();
    final Set<String> caloriesFeedback = ConcurrentHashMap.newKeySet();
    final Set<String> digitsAccepted = ConcurrentHashMap.newKeySet();
    final Set<String> digitsFeedback = ConcurrentHashMap.newKeySet();
    final AtomicInteger rpsMoves = new AtomicInteger();
    final AtomicInteger rpsGamesFinished = new AtomicInteger();
    volatile boolean brokerDown;

    MixedLoad(URI base) {
        this.base = base;
    }

    /** One calories request until answered 200, then its measured calories until accepted (202). */
    void calories(String id, CaloriesRow row) throws InterruptedException {
        until(200, "/v1/calories/predict", WireJson.request(id, row.record()));
        caloriesAccepted.add(id);
        until(202, "/v1/calories/feedback", WireJson.feedback(id, row.calories(), System.currentTimeMillis()));
        caloriesFeedback.add(id);
    }

    /** One held-out digit until answered 200, then its true label until accepted (202). */
    void digit(String id, MnistDigits digits, int i) throws InterruptedException {
        until(200, "/v1/digits/predict", Json.write(DigitsRequest.ofPixels(id, digits.image(i))));
        digitsAccepted.add(id);
        until(202, "/v1/digits/feedback", ("{\"id\":\"" + id + "\",\"label\":" + digits.label(i) + "}").getBytes(StandardCharsets.UTF_8));
        digitsFeedback.add(id);
    }

    /**
     * Plays one game to its end with seeded random moves. A move whose answer was lost is not sent blind again:
     * the game's state is read back and play goes on from the round it shows. A start whose answer was lost
     * leaves an unplayed game behind; another is started.
     */
    void rpsGame(Random random) throws InterruptedException {
        RpsGameView view = null;
        while (view == null) {
            Answer a = send("/v1/rps/games", "{}".getBytes(StandardCharsets.UTF_8), "POST");
            if (a.status == 201) {
                view = read(a.body);
            } else {
                expectRetried(a, "/v1/rps/games");
            }
        }
        while (!view.finished()) {
            if (!RpsGame.AWAITING_PLAYER.equals(view.status())) {
                Thread.sleep(RETRY_BACKOFF.toMillis()); // only after a fault: the bot is still committing
                view = state(view.gameId());
                continue;
            }
            Move m = Move.values()[random.nextInt(3)];
            byte[] body = ("{\"round\":" + view.round() + ",\"move\":\"" + m.name().toLowerCase(java.util.Locale.ROOT) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            Answer a = send("/v1/rps/games/" + view.gameId() + "/moves", body, "POST");
            if (a.status == 200) {
                rpsMoves.incrementAndGet();
                view = read(a.body);
            } else if (a.status == 409 || RETRIED.contains(a.status) || a.status < 0) {
                view = state(view.gameId()); // the round may have resolved after all: go on from what the game shows
            } else {
                unexpected.add(a.status + " on a move: " + a.body);
                return;
            }
        }
        rpsGamesFinished.incrementAndGet();
    }

    private RpsGameView state(String gameId) throws InterruptedException {
        while (true) {
            Answer a = send("/v1/rps/games/" + gameId, null, "GET");
            if (a.status == 200) {
                return read(a.body);
            }
            if (a.status != 404) { // 404: the state is not on rps.games yet after a restart; it will be
                expectRetried(a, "GET game");
            } else {
                Thread.sleep(RETRY_BACKOFF.toMillis());
            }
        }
    }

    private void until(int ok, String path, byte[] body) throws InterruptedException {
        while (true) {
            Answer a = send(path, body, "POST");
            if (a.status == ok) {
                return;
            }
            expectRetried(a, path);
        }
    }

    /** A retryable failure waits and returns; anything else is recorded as unexpected and fails the run later. */
    private void expectRetried(Answer a, String what) throws InterruptedException {
        if (a.status >= 0 && !RETRIED.contains(a.status)) {
            unexpected.add(a.status + " on " + what + ": " + a.body);
            if (unexpected.size() > 50) {
                throw new IllegalStateException("too many unexpected answers: " + unexpected.subList(0, 5));
            }
        }
        Thread.sleep(RETRY_BACKOFF.toMillis()); // a client's retry backoff, not synchronisation
    }

    private Answer send(String path, byte[] body, String method) throws InterruptedException {
        boolean down = brokerDown;
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(r.statusCode(), k -> new LongAdder()).increment();
            if (down || brokerDown) {
                statusesWhileBrokerDown.computeIfAbsent(r.statusCode(), k -> new LongAdder()).increment();
            }
            if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                unavailableWithoutRetryAfter.increment();
            }
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            connectionErrors.increment(); // the gateway is restarting
            return new Answer(-1, e.toString());
        }
    }

    private static RpsGameView read(String body) {
        return Json.read(body.getBytes(StandardCharsets.UTF_8), RpsGameView.class);
    }

    static Map<Integer, Long> snapshot(Map<Integer, LongAdder> m) {
        Map<Integer, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private record Answer(int status, String body) {
    }

    static List<Integer> indices(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
