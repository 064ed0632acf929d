package io.hindsight.gateway;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A stand-in predictor for the gateway's tests: reads calories.requests from the beginning and answers each
 * id once with Calories = 7.5 x Duration, repeats as replays. Ids starting with "silent" get no answer.
 */
final class CaloriesResponder extends TestResponder {
    static final ModelOutput SERVED = new ModelOutput("xgboost", "calories-xgboost-v2", "Production", 0, null);
    static final ModelOutput SHADOW = new ModelOutput("xgboost", "calories-xgboost-v1", "shadow1", 0, null);
    private static final String REQUESTS = Topics.calories().requests().name();

    private final Map<String, PredictionRecord> answered = new ConcurrentHashMap<>();

    CaloriesResponder(String bootstrap) {
        super(bootstrap, "calories-responder", List.of(REQUESTS));
        TestAliases.production(bootstrap, "calories", SERVED.family(), SERVED.version());
    }

    /** The request value as the gateway produced it, by key. */
    byte[] request(String id) {
        return record(REQUESTS, id);
    }

    @Override
    void on(ConsumerRecord<String, byte[]> r) {
        if (r.key().startsWith("silent")) {
            return;
        }
        PredictionRecord earlier = answered.get(r.key());
        PredictionRecord answer = earlier != null ? earlier.asReplay() : predict(r);
        answered.putIfAbsent(r.key(), answer);
        send(Topics.calories().predictions().name(), r.key(), answer);
    }

    private static PredictionRecord predict(ConsumerRecord<String, byte[]> r) {
        CaloriesRecord rec = Json.read(r.value(), CaloriesRecord.class);
        double kcal = 7.5 * rec.duration();
        return new PredictionRecord(rec.id(), "calories",
                new ModelOutput(SERVED.family(), SERVED.version(), SERVED.alias(), kcal, null),
                List.of(new ModelOutput(SHADOW.family(), SHADOW.version(), SHADOW.alias(), kcal + 1, null)),
                r.timestamp(), System.currentTimeMillis(), false);
    }
}
