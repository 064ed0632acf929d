package io.hindsight.gateway.calories;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.calories.CaloriesFeedback;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.gateway.bus.TaskBus;
import io.hindsight.gateway.http.JsonResponses;
import io.hindsight.gateway.http.ServedModel;
import io.hindsight.gateway.http.TaskEndpoints;
import io.hindsight.gateway.http.TaskExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The calories routes: {@code POST /v1/calories/predict|feedback} and the seed-004 compatible
 * {@code POST /predict|feedback}. Reading, validation, ids and the Kafka round trip are the shared
 * {@link TaskExchange}'s; this class shapes the answers.
 */
public final class CaloriesHandler implements TaskEndpoints {
    private static final byte[] SEED_FEEDBACK_OK = Json.write(Map.of("ok", true));

    private final TaskExchange<CaloriesRecord, CaloriesFeedback> exchange;

    public CaloriesHandler(TaskBus bus, int maxBodyBytes, Duration requestTimeout) {
        this.exchange = new TaskExchange<>(bus,
                new TaskExchange.Wire<>(CaloriesWire.REQUEST, CaloriesRecord::id),
                new TaskExchange.Wire<>(CaloriesWire.FEEDBACK, CaloriesFeedback::id),
                maxBodyBytes, requestTimeout);
    }

    /** 200 {"id","Calories","model":{family,version,alias},"shadows":[{family,version,alias,Calories}],"replay"}. */
    @Override
    public Mono<ServerResponse> predict(ServerRequest request) {
        return exchange.predict(request)
                .flatMap(a -> JsonResponses.json(HttpStatus.OK, Json.write(PredictResponse.of(a.id(), a.prediction()))));
    }

    /** 200 {"id","Calories"}: exactly the seed-004 answer. */
    public Mono<ServerResponse> seedPredict(ServerRequest request) {
        return exchange.predict(request).flatMap(a -> JsonResponses.json(HttpStatus.OK,
                Json.write(new SeedPredictResponse(a.id(), a.prediction().served().value()))));
    }

    /** 202 {"accepted":true,"id"}. */
    @Override
    public Mono<ServerResponse> feedback(ServerRequest request) {
        return exchange.feedback(request).flatMap(TaskExchange::accepted);
    }

    /** 200 {"ok":true}: the seed-004 answer. */
    public Mono<ServerResponse> seedFeedback(ServerRequest request) {
        return exchange.feedback(request).flatMap(id -> JsonResponses.json(HttpStatus.OK, SEED_FEEDBACK_OK));
    }

    @JsonPropertyOrder({"id", "Calories"})
    record SeedPredictResponse(@JsonProperty("id") JsonNode id, @JsonProperty("Calories") double calories) {
    }

    @JsonPropertyOrder({"family", "version", "alias", "Calories"})
    record Shadow(String family, String version, String alias, @JsonProperty("Calories") double calories) {
    }

    @JsonPropertyOrder({"id", "Calories", "model", "shadows", "replay"})
    record PredictResponse(@JsonProperty("id") JsonNode id, @JsonProperty("Calories") double calories, ServedModel model,
                           List<Shadow> shadows, boolean replay) {

        static PredictResponse of(JsonNode id, PredictionRecord p) {
            ModelOutput s = p.served();
            List<Shadow> shadows = new ArrayList<>(p.shadows().size());
            for (ModelOutput o : p.shadows()) {
                shadows.add(new Shadow(o.family(), o.version(), o.alias(), o.value()));
            }
            return new PredictResponse(id, s.value(), ServedModel.of(s), shadows, p.replay());
        }
    }
}
