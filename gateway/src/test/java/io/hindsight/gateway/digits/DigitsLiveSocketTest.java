package io.hindsight.gateway.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.gateway.bus.PredictionTimeoutException;
import io.hindsight.gateway.http.FakeBus;
import io.hindsight.gateway.http.TestGateways;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;

/**
 * /v1/digits/live on a real Reactor Netty server (loopback, no broker) with a fake bus, driven by a Reactor
 * Netty WebSocket client: drafts answered, stale drafts dropped, answer = final predict + feedback, errors
 * answered without closing, accuracy pushed.
 */
class DigitsLiveSocketTest {
    static final String STROKES = "{\"width\":280,\"height\":280,\"pen\":20,\"lines\":[[[140,40],[140,240]]]}";

    PrometheusMeterRegistry registry;
    TestGateways.Fakes fakes;
    DisposableServer server;
    LiveClient client;

    @BeforeEach
    void start() throws Exception {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        fakes = new TestGateways.Fakes();
        server = TestGateways.serve(TestGateways.handler(TestGateways.config(true).withMaxBodyBytes(64 * 1024),
                fakes, registry));
        client = connect(null);
    }

    private LiveClient connect(String origin) throws InterruptedException {
        LiveClient c = new LiveClient("ws://127.0.0.1:" + server.port() + "/v1/digits/live", origin);
        if (origin == null) {
            c.next("accuracy"); // pushed on connect: the socket is open
        }
        return c;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.disposeNow(Duration.ofSeconds(5));
    }

    static String draft(String drawing) {
        return "{\"type\":\"draft\",\"drawing\":\"" + drawing + "\",\"strokes\":" + STROKES + "}";
    }

    static String answer(String drawing, Object label) {
        return "{\"type\":\"answer\",\"drawing\":\"" + drawing + "\",\"strokes\":" + STROKES + ",\"label\":" + label + "}";
    }

    private double count(String name, String... tags) {
        // the rps socket has meters of the same names: without the route, find() may pick one of its
        var c = registry.find(name).tag("route", DigitsRoutes.LIVE).tags(tags).counter();
        return c == null ? -1 : c.count();
    }

    @Test
    void aDraftIsPredictedAsADraftWithItsOwnIdAndAnsweredWithAGuess() throws Exception {
        client.send(draft("d1"));
        JsonNode guess = client.next("guess");
        assertThat(guess.get("drawing").asString()).isEqualTo("d1");
        assertThat(guess.get("seq").asLong()).isEqualTo(1);
        assertThat(guess.get("digit").asInt()).isEqualTo(7);
        assertThat(guess.get("probabilities")).hasSize(10);
        assertThat(guess.get("top3").get(0).get("digit").asInt()).isEqualTo(7);
        assertThat(guess.get("top3").get(0).get("p").asDouble()).isEqualTo(0.8);
        assertThat(guess.get("model").get("alias").asString()).isEqualTo("Production");

        JsonNode produced = Json.tree(fakes.digits.requests.get("d1.1"));
        assertThat(produced.get("draft").asBoolean()).isTrue();
        assertThat(produced.get("id").asString()).isEqualTo("d1.1");
        assertThat(produced.get("strokes").get("lines").get(0)).hasSize(2);
        assertThat(fakes.digits.feedback).as("drafts are never scored").isEmpty();

        client.send(draft("d1"));
        assertThat(client.next("guess").get("seq").asLong()).isEqualTo(2);
        assertThat(count("hindsight.ws.frames", "direction", "in", "type", "draft")).isEqualTo(2);
        assertThat(count("hindsight.ws.frames", "direction", "out", "type", "guess")).isEqualTo(2);
        assertThat(registry.get("hindsight.ws.sessions").gauge().value()).isEqualTo(1);
    }

    @Test
    void draftsArrivingWhileOneIsInFlightReplaceEachOtherAndOnlyTheNewestIsSent() throws Exception {
        Sinks.One<PredictionRecord> gate = Sinks.one();
        fakes.digits.answer = id -> id.equals("d1.1") ? gate.asMono()
                : Mono.just(FakeBus.digitsPrediction(id, 4, false));
        for (int i = 0; i < 4; i++) {
            client.send(draft("d1"));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("hindsight.ws.frames", "direction", "in", "type", "draft") == 4);
        assertThat(fakes.digits.requests).containsOnlyKeys("d1.1");
        gate.tryEmitValue(FakeBus.digitsPrediction("d1.1", 1, false));

        assertThat(client.next("guess").get("seq").asLong()).isEqualTo(1);
        JsonNode newest = client.next("guess");
        assertThat(newest.get("seq").asLong()).isEqualTo(4);
        assertThat(newest.get("digit").asInt()).isEqualTo(4);
        assertThat(fakes.digits.requests).containsOnlyKeys("d1.1", "d1.4");
        assertThat(count("hindsight.ws.drafts.dropped")).isEqualTo(2);
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(client.all("guess")).hasSize(2);
    }

    @Test
    void anAnswerSendsOneFinalRequestThenTheFeedbackAndIsRecorded() throws Exception {
        client.send(draft("d2"));
        client.next("guess");
        client.send(answer("d2", 7));
        JsonNode recorded = client.next("recorded");
        assertThat(recorded.get("drawing").asString()).isEqualTo("d2");
        assertThat(recorded.get("guess").asInt()).isEqualTo(7);
        assertThat(recorded.get("label").asInt()).isEqualTo(7);
        assertThat(recorded.get("correct").asBoolean()).isTrue();
        assertThat(recorded.get("model").get("family").asString()).isEqualTo("cnn");

        JsonNode finalRequest = Json.tree(fakes.digits.requests.get("d2"));
        assertThat(finalRequest.has("draft")).as("the final request is not a draft").isFalse();
        assertThat(finalRequest.get("id").asString()).isEqualTo("d2");
        assertThat(finalRequest.get("strokes").get("width").asInt()).isEqualTo(280);
        JsonNode feedback = Json.tree(fakes.digits.feedback.get("d2"));
        assertThat(feedback.get("id").asString()).isEqualTo("d2");
        assertThat(feedback.get("label").asInt()).isEqualTo(7);
        assertThat(feedback.get("ts").asDouble()).isPositive();

        client.send(answer("d3", 4));
        JsonNode wrong = client.next("recorded");
        assertThat(wrong.get("guess").asInt()).isEqualTo(7);
        assertThat(wrong.get("correct").asBoolean()).isFalse();
        assertThat(Json.tree(fakes.digits.feedback.get("d3")).get("label").asInt()).isEqualTo(4);
        assertThat(count("hindsight.ws.frames", "direction", "out", "type", "recorded")).isEqualTo(2);
    }

    @Test
    void anAnsweredDrawingTakesNoMoreDraftsNorASecondAnswer() throws Exception {
        client.send(answer("d4", 7));
        client.next("recorded");
        client.send(draft("d4"));
        client.send(answer("d4", 3));
        JsonNode error = client.next("error");
        assertThat(error.get("reason").asString()).contains("already answered");
        assertThat(error.get("drawing").asString()).isEqualTo("d4");
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(client.all("guess")).as("a late draft of an answered drawing").isEmpty();
        assertThat(fakes.digits.requests).containsOnlyKeys("d4");
        assertThat(fakes.digits.feedback).hasSize(1);
    }

    @Test
    void badFramesAreAnsweredWithAnErrorAndTheSocketStaysOpen() throws Exception {
        client.send("not json");
        assertThat(client.next("error").get("reason").asString()).contains("malformed JSON");
        client.send("{\"type\":\"dance\",\"drawing\":\"d5\"}");
        assertThat(client.next("error").get("reason").asString()).contains("unknown frame type 'dance'");
        client.sendBinary(new byte[] {1, 2, 3});
        assertThat(client.next("error").get("reason").asString()).contains("JSON text frames");
        client.send("{\"type\":\"draft\",\"drawing\":\"bad id!\",\"strokes\":" + STROKES + "}");
        assertThat(client.next("error").get("reason").asString()).startsWith("drawing:");
        client.send("{\"type\":\"draft\",\"drawing\":\"d5\",\"strokes\":{\"width\":280,\"height\":280,\"lines\":[]}}");
        JsonNode strokes = client.next("error");
        assertThat(strokes.get("reason").asString()).contains("strokes");
        assertThat(strokes.get("drawing").asString()).isEqualTo("d5");
        client.send(answer("d5", 12));
        assertThat(client.next("error").get("reason").asString()).startsWith("label");
        client.send("{\"type\":\"answer\",\"drawing\":\"d5\",\"strokes\":" + STROKES + "}");
        assertThat(client.next("error").get("reason").asString()).startsWith("label: required");

        client.send(draft("d5"));
        assertThat(client.next("guess").get("drawing").asString()).as("still open").isEqualTo("d5");
        assertThat(fakes.digits.feedback).isEmpty();
        assertThat(count("hindsight.ws.errors", "reason", "malformed")).isEqualTo(3);
        assertThat(count("hindsight.ws.errors", "reason", "invalid")).isEqualTo(4);
        assertThat(count("hindsight.ws.frames", "direction", "in", "type", "other")).isEqualTo(3);
        assertThat(count("hindsight.ws.frames", "direction", "out", "type", "error")).isEqualTo(7);
    }

    @Test
    void aTimedOutAnswerIsAnErrorAndMayBeAnsweredAgain() throws Exception {
        AtomicBoolean slow = new AtomicBoolean(true);
        fakes.digits.answer = id -> slow.getAndSet(false) ? Mono.error(new PredictionTimeoutException(id))
                : Mono.just(FakeBus.digitsPrediction(id, 2, false));
        client.send(answer("d6", 2));
        JsonNode error = client.next("error");
        assertThat(error.get("reason").asString()).contains("no prediction in time");
        assertThat(fakes.digits.feedback).isEmpty();
        client.send(answer("d6", 2));
        assertThat(client.next("recorded").get("correct").asBoolean()).isTrue();
        assertThat(count("hindsight.ws.errors", "reason", "timeout")).isEqualTo(1);
    }

    @Test
    void theAccuracyViewIsPushedWhenItChanges() throws Exception {
        JsonNode first = client.all("accuracy").get(0);
        assertThat(first.get("served").get("total").asLong()).isZero();
        fakes.accuracy.scored(DigitsRoutesTest.scored("x", "Production", "cnn", true, 3, 3));
        JsonNode pushed = client.next(f -> "accuracy".equals(f.path("type").asString())
                && f.get("served").get("total").asLong() == 1, "accuracy with one answer");
        assertThat(pushed.get("models").get(0).get("alias").asString()).isEqualTo("Production");
        assertThat(pushed.get("models").get(0).get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(pushed.get("task").asString()).isEqualTo("digits");
    }

    @Test
    void aPageOfAnotherOriginIsRefusedAndTheSameOriginAccepted() throws Exception {
        LiveClient foreign = connect("http://evil.example");
        Throwable refused = foreign.failure.get(10, TimeUnit.SECONDS);
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("403");
        foreign.close();
        LiveClient same = connect("http://127.0.0.1:" + server.port());
        same.next("accuracy");
        same.close();
    }

    @Test
    void closingTheSocketEndsTheSession() throws Exception {
        client.close();
        client = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("hindsight.ws.sessions").gauge().value() == 0);
        assertThat(registry.get("hindsight.http.requests").tags("route", "/v1/digits/live", "status", "101").counter().count())
                .as("a socket is counted once it closes, as 101").isEqualTo(1);
        assertThat(registry.get("hindsight.gateway.inflight.requests").gauge().value()).isZero();
    }
}
