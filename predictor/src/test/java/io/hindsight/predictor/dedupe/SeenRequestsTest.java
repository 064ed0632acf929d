package io.hindsight.predictor.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeenRequestsTest {
    private static final long T0 = 1_700_000_000_000L;
    private final SeenRequests seen = new SeenRequests(Duration.ofMinutes(10));

    @Test
    void remembersAnIdWithinTheHorizon() {
        PredictionRecord p = prediction("a", T0, 100.0);
        seen.add(p);

        assertThat(seen.lookup("a", T0 + Duration.ofMinutes(10).toMillis())).contains(p);
        assertThat(seen.lookup("b", T0)).isEmpty();
    }

    @Test
    void forgetsAnIdAfterTheHorizon() {
        seen.add(prediction("a", T0, 100.0));

        assertThat(seen.lookup("a", T0 + Duration.ofMinutes(10).toMillis() + 1)).isEmpty();
    }

    @Test
    void ignoresReplays() {
        seen.add(prediction("a", T0, 100.0).asReplay());

        assertThat(seen.lookup("a", T0)).isEmpty();
        assertThat(seen.size()).isZero();
    }

    @Test
    void theLatestPredictionOfAnIdWins() {
        seen.add(prediction("a", T0, 100.0));
        PredictionRecord later = prediction("a", T0 + Duration.ofMinutes(11).toMillis(), 200.0);
        seen.add(later);

        assertThat(seen.lookup("a", later.predictedTs())).contains(later);
        assertThat(seen.size()).isEqualTo(1);
    }

    @Test
    void evictsExpiredEntriesOldestFirst() {
        seen.add(prediction("old", T0, 1.0));
        seen.add(prediction("new", T0 + Duration.ofMinutes(5).toMillis(), 2.0));

        seen.evictExpired(T0 + Duration.ofMinutes(12).toMillis());

        assertThat(seen.size()).isEqualTo(1);
        assertThat(seen.lookup("new", T0 + Duration.ofMinutes(12).toMillis())).isPresent();
    }

    static PredictionRecord prediction(String id, long predictedTs, double kcal) {
        return new PredictionRecord(id, "calories", new ModelOutput("xgboost", "v1", "Production", kcal, List.of()),
                List.of(), predictedTs - 5, predictedTs, false);
    }
}
