package io.hindsight.gateway.calories;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.calories.CaloriesFeedback;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.gateway.bus.PredictionTimeoutException;
import io.hindsight.gateway.bus.TaskBus;
import io.hindsight.gateway.http.HttpRejection;
import io.hindsight.gateway.http.JsonResponses;
import io.hindsight.gateway.http.RejectReason;
import io.hindsight.gateway.http.RequestBodies;
import io.hindsight.gateway.http.TaskEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The calories routes: {@code POST /v1/calories/predict|feedback} and the seed-004 compatible
 * {@code POST /predict|feedback}. A request is validated against the calories request schema, given a UUID
 * when it has no id, produced to calories.requests keyed by its id, and answered with the prediction that
 * comes back on calories.predictions. The id is answered as the client sent it: a number stays a number.
 */
public final class CaloriesHandler implements TaskEndpoints {
    private static final byte[] SEED_FEEDBACK_OK = Json.write(Map.of("ok", true));

    private final TaskBus bus;
    private final RequestBodies bodies;
    private final Duration timeout;

    public CaloriesHandler(TaskBus bus, int maxBodyBytes, Duration requestTimeout) {
        this.bus = bus;
        this.bodies = new RequestBodies(maxBodyBytes);
        this.timeout = requestTimeout;
    }

    /** 200 {"id","Calories","model":{family,version,alias},"shadows":[{family,version,alias,Calories}],"replay"}. */
    @Override
    public Mono<ServerResponse> predict(ServerRequest request) {
        return answer(request).flatMap(a -> JsonResponses.json(HttpStatus.OK, Json.write(PredictResponse.of(a.id, a.prediction))));
    }

    /** 200 {"id","Calories"}: exactly the seed-004 answer. */
    public Mono<ServerResponse> seedPredict(ServerRequest request) {
        return answer(request).flatMap(a -> JsonResponses.json(HttpStatus.OK,
                Json.write(new SeedPredictResponse(a.id, a.prediction.served().value()))));
    }

    /** 202 {"accepted":true,"id"}. */
    @Override
    public Mono<ServerResponse> feedback(ServerRequest request) {
        return takeFeedback(request).flatMap(id -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accepted", true);
            body.put("id", id);
            return JsonResponses.json(HttpStatus.ACCEPTED, Json.write(body));
        });
    }

    /** 200 {"ok":true}: the seed-004 answer. */
    public Mono<ServerResponse> seedFeedback(ServerRequest request) {
        return takeFeedback(request).flatMap(id -> JsonResponses.json(HttpStatus.OK, SEED_FEEDBACK_OK));
    }

    private record Answer(JsonNode id, PredictionRecord prediction) {
    }

    private Mono<Answer> answer(ServerRequest request) {
        return bodies.json(request).flatMap(bytes -> {
            ValidRequest valid = readRequest(bytes);
            return bus.predict(valid.key(), valid.value(), timeout)
                    .onErrorMap(PredictionTimeoutException.class, e -> timedOut(valid.id()))
                    .map(p -> new Answer(valid.id(), p));
        });
    }

    private Mono<JsonNode> takeFeedback(ServerRequest request) {
        return bodies.json(request).flatMap(bytes -> {
            JsonNode node = tree(bytes);
            Parsed<CaloriesFeedback> parsed = CaloriesWire.FEEDBACK.read(node);
            if (!parsed.isOk()) {
                return Mono.error(HttpRejection.invalid(parsed.errors(), RejectReason.INVALID));
            }
            return bus.feedback(parsed.value().id(), bytes, timeout).thenReturn(node.get("id"));
        });
    }

    /**
     * A request that passed the schema: the id as sent (or generated), its text form (the record key) and the
     * record value, which is the client's bytes unless an id had to be added.
     */
    record ValidRequest(JsonNode id, String key, byte[] value) {
    }

    /** Parses and validates a predict body; throws {@link HttpRejection} 400 naming the fields. */
    static ValidRequest readRequest(byte[] bytes) {
        JsonNode node = tree(bytes);
        boolean generated = false;
        if (node instanceof ObjectNode object && !object.has("id")) {
            object.put("id", randomId());
            generated = true;
        }
        Parsed<CaloriesRecord> parsed = CaloriesWire.REQUEST.read(node);
        if (!parsed.isOk()) {
            throw HttpRejection.invalid(parsed.errors(), RejectReason.INVALID);
        }
        return new ValidRequest(node.get("id"), parsed.value().id(), generated ? Json.write(node) : bytes);
    }

    private static JsonNode tree(byte[] bytes) {
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
    static String randomId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(msb, lsb).toString();
    }

    @JsonPropertyOrder({"id", "Calories"})
    record SeedPredictResponse(@JsonProperty("id") JsonNode id, @JsonProperty("Calories") double calories) {
    }

    @JsonPropertyOrder({"family", "version", "alias"})
    record Model(String family, String version, String alias) {
    }

    @JsonPropertyOrder({"family", "version", "alias", "Calories"})
    record Shadow(String family, String version, String alias, @JsonProperty("Calories") double calories) {
    }

    @JsonPropertyOrder({"id", "Calories", "model", "shadows", "replay"})
    record PredictResponse(@JsonProperty("id") JsonNode id, @JsonProperty("Calories") double calories, Model model,
                           List<Shadow> shadows, boolean replay) {

        static PredictResponse of(JsonNode id, PredictionRecord p) {
            ModelOutput s = p.served();
            List<Shadow> shadows = new ArrayList<>(p.shadows().size());
            for (ModelOutput o : p.shadows()) {
                shadows.add(new Shadow(o.family(), o.version(), o.alias(), o.value()));
            }
            return new PredictResponse(id, s.value(), new Model(s.family(), s.version(), s.alias()), shadows, p.replay());
        }
    }
}
