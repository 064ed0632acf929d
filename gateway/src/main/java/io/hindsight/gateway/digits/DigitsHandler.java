package io.hindsight.gateway.digits;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.digits.DigitsFeedback;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.DigitsWire;
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
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The digits routes: {@code POST /v1/digits/predict} (pixels, a canvas bitmap or pen strokes; the id is
 * optional), {@code POST /v1/digits/feedback} ({"id","label"}) and {@code GET /v1/digits/accuracy}. Reading,
 * validation, ids and the Kafka round trip are the shared {@link TaskExchange}'s, which the live socket uses too.
 */
public final class DigitsHandler implements TaskEndpoints {
    private final TaskExchange<DigitsRequest, DigitsFeedback> exchange;
    private final DigitsAccuracy accuracy;

    public DigitsHandler(TaskBus bus, DigitsAccuracy accuracy, int maxBodyBytes, Duration requestTimeout) {
        this(bus, accuracy, maxBodyBytes, maxBodyBytes, requestTimeout);
    }

    /** @param maxPredictBytes a predict body's limit (a canvas bitmap is large); @param maxFeedbackBytes a feedback body's */
    public DigitsHandler(TaskBus bus, DigitsAccuracy accuracy, int maxPredictBytes, int maxFeedbackBytes,
                         Duration requestTimeout) {
        this.exchange = new TaskExchange<>(bus,
                new TaskExchange.Wire<>(DigitsWire.REQUEST, DigitsRequest::id),
                new TaskExchange.Wire<>(DigitsWire.FEEDBACK, DigitsFeedback::id),
                maxPredictBytes, maxFeedbackBytes, requestTimeout);
        this.accuracy = accuracy;
    }

    public TaskExchange<DigitsRequest, DigitsFeedback> exchange() {
        return exchange;
    }

    /** 200 {"id","digit","probabilities":[10],"top3":[{"digit","p"}],"model","shadows":[{..,"digit","p"}],"replay"}. */
    @Override
    public Mono<ServerResponse> predict(ServerRequest request) {
        return exchange.predict(request)
                .flatMap(a -> JsonResponses.json(HttpStatus.OK, Json.write(PredictResponse.of(a.id(), a.prediction()))));
    }

    /** 202 {"accepted":true,"id"}. */
    @Override
    public Mono<ServerResponse> feedback(ServerRequest request) {
        return exchange.feedback(request).flatMap(TaskExchange::accepted);
    }

    /** 200: how often each alias (and model version) was right, from digits.scored since its start. */
    public Mono<ServerResponse> accuracy(ServerRequest request) {
        return JsonResponses.json(HttpStatus.OK, Json.write(accuracy.snapshot()));
    }

    @JsonPropertyOrder({"family", "version", "alias", "digit", "p"})
    record Shadow(String family, String version, String alias, int digit, double p) {
    }

    @JsonPropertyOrder({"id", "digit", "probabilities", "top3", "model", "shadows", "replay"})
    record PredictResponse(@JsonProperty("id") JsonNode id, int digit, List<Double> probabilities,
                           List<DigitGuess.Ranked> top3, ServedModel model, List<Shadow> shadows, boolean replay) {

        static PredictResponse of(JsonNode id, PredictionRecord p) {
            DigitGuess served = DigitGuess.of(p.served());
            List<Shadow> shadows = new ArrayList<>(p.shadows().size());
            for (ModelOutput o : p.shadows()) {
                DigitGuess g = DigitGuess.of(o);
                shadows.add(new Shadow(o.family(), o.version(), o.alias(), g.digit(), g.confidence()));
            }
            return new PredictResponse(id, served.digit(), served.probabilities(), served.top3(), served.model(),
                    shadows, p.replay());
        }
    }
}
