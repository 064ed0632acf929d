package io.hindsight.gateway;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.DigitsFeedback;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.models.TestOnnx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A stand-in predictor and joiner for digits: answers each request with a nearest-class-mean classifier
 * ("cnn", Production) and its runner-up guess ("xgboost", B) on the preprocessed drawing, repeats as replays;
 * turns feedback on a non-draft prediction into scored records for both, as the joiner would.
 */
final class DigitsResponder extends TestResponder {
    static final TaskTopics DIGITS = Topics.of(Task.DIGITS);

    private final Map<String, PredictionRecord> answered = new ConcurrentHashMap<>();

    DigitsResponder(String bootstrap) {
        super(bootstrap, "digits-responder", List.of(DIGITS.requests().name(), DIGITS.feedback().name()));
        TestAliases.production(bootstrap, "digits", "cnn", "digits-cnn-3f2a9c1d7e4b");
    }

    byte[] request(String id) {
        return record(DIGITS.requests().name(), id);
    }

    byte[] feedback(String id) {
        return record(DIGITS.feedback().name(), id);
    }

    @Override
    void on(ConsumerRecord<String, byte[]> r) {
        if (r.topic().equals(DIGITS.requests().name())) {
            PredictionRecord earlier = answered.get(r.key());
            PredictionRecord answer = earlier != null ? earlier.asReplay() : predict(r);
            answered.putIfAbsent(r.key(), answer);
            send(DIGITS.predictions().name(), r.key(), answer);
        } else {
            DigitsFeedback f = Json.read(r.value(), DigitsFeedback.class);
            PredictionRecord p = answered.get(f.id());
            if (p != null && !p.draft()) {
                long now = System.currentTimeMillis();
                for (ModelOutput o : outputs(p)) {
                    send(DIGITS.scored().name(), f.id(), new ScoredRecord(f.id(), "digits", o.family(), o.version(),
                            o.alias(), o == p.served(), o.value(), f.label(), Math.abs(o.value() - f.label()), null,
                            Math.round(o.value()) == f.label(), p.predictedTs(), now, now - p.predictedTs()));
                }
            }
        }
    }

    private static List<ModelOutput> outputs(PredictionRecord p) {
        List<ModelOutput> all = new ArrayList<>();
        all.add(p.served());
        all.addAll(p.shadows());
        return all;
    }

    private static PredictionRecord predict(ConsumerRecord<String, byte[]> r) {
        DigitsRequest request = Json.read(r.value(), DigitsRequest.class);
        double[] p = TestOnnx.probabilities(request.toModelInput());
        List<Double> scores = new ArrayList<>();
        int best = 0;
        int second = -1;
        for (int c = 0; c < p.length; c++) {
            scores.add(p[c]);
            best = p[c] > p[best] ? c : best;
        }
        for (int c = 0; c < p.length; c++) {
            second = c != best && (second < 0 || p[c] > p[second]) ? c : second;
        }
        return new PredictionRecord(request.id(), "digits",
                new ModelOutput("cnn", "digits-cnn-3f2a9c1d7e4b", "Production", best, scores),
                List.of(new ModelOutput("xgboost", "digits-xgboost-8d1e0b6c2a95", "B", second, null)),
                r.timestamp(), System.currentTimeMillis(), false, request.isDraft());
    }
}
