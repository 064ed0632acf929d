package io.hindsight.gateway.http;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.gateway.bus.PredictionTimeoutException;
import io.hindsight.gateway.bus.TaskBus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every task's predict and feedback routes share: read the JSON body within its limit, validate it
 * against the task's schema (400 naming the fields), give a request without an id a UUID, produce it keyed by
 * its id through the task's {@link TaskBus} and wait for the prediction (504 naming the id as sent when none
 * comes in time), and produce validated feedback. The id is answered as the client sent it: a number stays a
 * number. The task handlers only shape their answers.
 *
 * @param <R> the task's request record
 * @param <F> the task's feedback record
 */
public final class TaskExchange<R, F> {
    private final TaskBus bus;
    private final Wire<R> requests;
    private final Wire<F> feedback;
    private final RequestBodies requestBodies;
    private final RequestBodies feedbackBodies;
    private final Duration timeout;

    /** A wire format the exchange reads: its schema-bound reader and the record's id. */
    public record Wire<T>(WireReader<T> reader, Function<T, String> id) {
    }

    /**
     * A request that passed the schema: the id as sent (or generated), its text form (the record key), the
     * record, and the bytes to produce, which are the client's unless an id had to be added.
     */
    public record Valid<T>(JsonNode id, String key, T value, byte[] bytes) {
    }

    /** A prediction with the request it answers. */
    public record Answer<T>(Valid<T> request, PredictionRecord prediction) {
        public JsonNode id() {
            return request.id();
        }
    }

    /** Predict and feedback bodies up to maxBodyBytes. */
    public TaskExchange(TaskBus bus, Wire<R> requests, Wire<F> feedback, int maxBodyBytes, Duration requestTimeout) {
        this(bus, requests, feedback, maxBodyBytes, maxBodyBytes, requestTimeout);
    }

    /** @param maxRequestBytes a predict body's limit; @param maxFeedbackBytes a feedback body's */
    public TaskExchange(TaskBus bus, Wire<R> requests, Wire<F> feedback, int maxRequestBytes, int maxFeedbackBytes,
                        Duration requestTimeout) {
        this.bus = bus;
        this.requests = requests;
        this.feedback = feedback;
        this.requestBodies = new RequestBodies(maxRequestBytes);
        this.feedbackBodies = new RequestBodies(maxFeedbackBytes);
        this.timeout = requestTimeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Reads, validates and predicts the request in the body. */
    public Mono<Answer<R>> predict(ServerRequest request) {
        return requestBodies.json(request).flatMap(bytes -> predict(readRequest(bytes)));
    }

    /** Produces a validated request and waits for its prediction. */
    public Mono<Answer<R>> predict(Valid<R> valid) {
        return bus.predict(valid.key(), valid.bytes(), timeout)
                .onErrorMap(PredictionTimeoutException.class, e -> timedOut(valid.id()))
                .map(p -> new Answer<>(valid, p));
    }

    /** Reads, validates and produces the feedback in the body; completes with the id as sent. */
    public Mono<JsonNode> feedback(ServerRequest request) {
        return feedbackBodies.json(request).flatMap(bytes -> {
            Valid<F> valid = validate(feedback, tree(bytes), bytes, false);
            return send(valid).thenReturn(valid.id());
        });
    }

    /** Produces validated feedback; completes once Kafka acknowledged it. */
    public Mono<Void> send(Valid<F> valid) {
        return bus.feedback(valid.key(), valid.bytes(), timeout);
    }

    /** Parses and validates a predict body, adding a UUID when it has no id; throws {@link HttpRejection} 400. */
    public Valid<R> readRequest(byte[] bytes) {
        return validate(requests, tree(bytes), bytes, true);
    }

    /** Validates a request built by the gateway itself (the WebSocket path); throws {@link HttpRejection} 400. */
    public Valid<R> request(ObjectNode node) {
        return validate(requests, node, null, true);
    }

    /** Validates feedback built by the gateway itself; throws {@link HttpRejection} 400. */
    public Valid<F> feedback(ObjectNode node) {
        return validate(feedback, node, null, false);
    }

    /** 202 {"accepted":true,"id"}. */
    public static Mono<ServerResponse> accepted(JsonNode id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", true);
        body.put("id", id);
        return JsonResponses.json(HttpStatus.ACCEPTED, Json.write(body));
    }

    /** @param bytes the client's bytes, produced unchanged when nothing was added; null to serialise the node */
    private static <T> Valid<T> validate(Wire<T> wire, JsonNode node, byte[] bytes, boolean generateId) {
        boolean changed = bytes == null;
        if (generateId && node instanceof ObjectNode object && !object.has("id")) {
            object.put("id", randomId());
            changed = true;
        }
        Parsed<T> parsed = wire.reader().read(node);
        if (!parsed.isOk()) {
            throw HttpRejection.invalid(parsed.errors(), RejectReason.INVALID);
        }
        return new Valid<>(node.get("id"), wire.id().apply(parsed.value()), parsed.value(),
                changed ? Json.write(node) : bytes);
    }

    /** The body as a JSON tree; {@link HttpRejection} 400 naming the document when it is empty or not JSON. */
    public static JsonNode tree(byte[] bytes) {
        if (bytes.length == 0) {
            throw HttpRejection.invalid(List.of(new FieldError("$", "empty body; expected a JSON object")),
                    RejectReason.MALFORMED);
        }
        try {
            return Json.tree(bytes);
        } catch (JacksonException e) {
            throw HttpRejection.invalid(List.of(new FieldError("$", "malformed JSON: " + e.getOriginalMessage())),
                    RejectReason.MALFORMED);
        }
    }

    private static HttpRejection timedOut(JsonNode id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "timeout");
        body.put("id", id);
        body.put("message", "no prediction in time; retry with the same id: a repeated id is answered with its "
                + "original prediction, never predicted twice");
        return new HttpRejection(HttpStatus.GATEWAY_TIMEOUT, RejectReason.TIMEOUT, body);
    }

    /** A version 4 UUID from the thread's own generator: no lock shared across event loops. */
    public static String randomId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(msb, lsb).toString();
    }
}
