package io.hindsight.joiner;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Records the tests send: a served xgboost model and one shadow, and seed-004 feedback JSON; for digits a
 * served cnn and one shadow answering class indices, and digits feedback JSON.
 */
final class JoinerFixtures {
    static final String FAMILY = "xgboost";
    static final String SERVED_VERSION = "v1";
    static final String SHADOW_VERSION = "v2";
    static final String SERVED_ALIAS = "Production";
    static final String SHADOW_ALIAS = "shadow1";
    static final String DIGITS_FAMILY = "cnn";

    private JoinerFixtures() {
    }

    static PredictionRecord prediction(String id, double served, double shadow, long predictedTs) {
        return new PredictionRecord(id, "calories",
                new ModelOutput(FAMILY, SERVED_VERSION, SERVED_ALIAS, served, List.of()),
                List.of(new ModelOutput(FAMILY, SHADOW_VERSION, SHADOW_ALIAS, shadow, List.of())),
                predictedTs - 3, predictedTs, false);
    }

    static PredictionRecord servedOnly(String id, double served, long predictedTs) {
        return new PredictionRecord(id, "calories",
                new ModelOutput(FAMILY, SERVED_VERSION, SERVED_ALIAS, served, List.of()), List.of(),
                predictedTs - 3, predictedTs, false);
    }

    /** Feedback with its event time in epoch seconds, as seed 004's time.time() sends it. */
    static String feedback(String id, double calories, long eventTimeMs) {
        return String.format(Locale.ROOT, "{\"id\":\"%s\",\"Calories\":%s,\"ts\":%.3f}", id, calories, eventTimeMs / 1000.0);
    }

    static double sle(double predicted, double truth) {
        double d = Math.log1p(predicted) - Math.log1p(truth);
        return d * d;
    }

    /** A digits prediction: served and shadow name a class each, with probabilities that agree. */
    static PredictionRecord digitsPrediction(String id, int served, int shadow, long predictedTs) {
        return new PredictionRecord(id, "digits", digitOutput(SERVED_VERSION, SERVED_ALIAS, served),
                List.of(digitOutput(SHADOW_VERSION, SHADOW_ALIAS, shadow)), predictedTs - 3, predictedTs, false, false);
    }

    /** A live guess while the person is still drawing: answered, never scored. */
    static PredictionRecord digitsDraft(String id, int served, int shadow, long predictedTs) {
        return new PredictionRecord(id, "digits", digitOutput(SERVED_VERSION, SERVED_ALIAS, served),
                List.of(digitOutput(SHADOW_VERSION, SHADOW_ALIAS, shadow)), predictedTs - 3, predictedTs, false, true);
    }

    static ModelOutput digitOutput(String version, String alias, double predictedClass) {
        List<Double> scores = new ArrayList<>(10);
        for (int i = 0; i < 10; i++) {
            scores.add(i == predictedClass ? 0.91 : 0.01);
        }
        return new ModelOutput(DIGITS_FAMILY, version, alias, predictedClass, scores);
    }

    /** What the person said they drew, ts in epoch seconds. */
    static String digitsFeedback(String id, int label, long eventTimeMs) {
        return String.format(Locale.ROOT, "{\"id\":\"%s\",\"label\":%d,\"ts\":%.3f}", id, label, eventTimeMs / 1000.0);
    }
}
