package io.hindsight.gateway.http;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.gateway.bus.TaskBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A TaskBus without Kafka: records what was produced and answers as told (calories: 99.5 by default;
 * {@link #digits()}: the digit 7 with 80 %).
 */
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

    /** A bus answering every digits request with {@link #digitsPrediction} of 7. */
    public static FakeBus digits() {
        FakeBus bus = new FakeBus();
        bus.answer = id -> Mono.just(digitsPrediction(id, 7, false));
        return bus;
    }

    /** The CNN in Production says {@code digit} with p 0.8, the rest spread; xgboost in B says digit + 1. */
    public static PredictionRecord digitsPrediction(String id, int digit, boolean replay) {
        return new PredictionRecord(id, "digits",
                new ModelOutput("cnn", "digits-cnn-aaaaaaaaaaaa", "Production", digit, scores(digit)),
                List.of(new ModelOutput("xgboost", "digits-xgboost-bbbbbbbbbbbb", "B", (digit + 1) % 10,
                        scores((digit + 1) % 10))),
                1L, 2L, replay, id.contains("."));
    }

    /** 0.8 for the digit, 0.1 for the next one, 0.1 / 8 for each other. */
    public static List<Double> scores(int digit) {
        List<Double> p = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            p.add(c == digit ? 0.8 : c == (digit + 1) % 10 ? 0.1 : 0.0125);
        }
        return p;
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
