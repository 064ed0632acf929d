package io.hindsight.gateway.http;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.gateway.bus.TaskBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** A TaskBus without Kafka: records what was produced and answers as told (by default, Calories = 99.5). */
public final class FakeBus implements TaskBus {
    public final Map<String, byte[]> requests = new ConcurrentHashMap<>();
    public final Map<String, byte[]> feedback = new ConcurrentHashMap<>();
    public volatile Function<String, Mono<PredictionRecord>> answer = id -> Mono.just(prediction(id, 99.5, false));
    public volatile Mono<Void> feedbackAnswer = Mono.empty();

    public static PredictionRecord prediction(String id, double kcal, boolean replay) {
        return new PredictionRecord(id, "calories", new ModelOutput("xgboost", "v2", "Production", kcal, null),
                List.of(new ModelOutput("xgboost", "v1", "shadow1", kcal - 1, null),
                        new ModelOutput("sgd", "s1", "shadow2", kcal + 1, null)),
                1L, 2L, replay);
    }

    @Override
    public Mono<PredictionRecord> predict(String id, byte[] request, Duration timeout) {
        return Mono.defer(() -> {
            requests.put(id, request);
            return answer.apply(id);
        });
    }

    @Override
    public Mono<Void> feedback(String id, byte[] value, Duration timeout) {
        return Mono.defer(() -> {
            feedback.put(id, value);
            return feedbackAnswer;
        });
    }
}
