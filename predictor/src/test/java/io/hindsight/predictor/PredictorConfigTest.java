package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.Task;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PredictorConfigTest {
    @Test
    void defaults() {
        PredictorConfig c = PredictorConfig.defaults("localhost:9092", Task.CALORIES);

        assertThat(c.groupId()).isEqualTo("hindsight-predictor-calories");
        assertThat(c.maxPollRecords()).isEqualTo(500);
        assertThat(c.dedupeHorizon()).isEqualTo(Duration.ofHours(1));
        assertThat(c.transactionalIdPrefix()).isEqualTo("hindsight-predictor-calories");
        assertThat(c.transactionalId()).startsWith("hindsight-predictor-calories-");
    }

    @Test
    void withersChangeOneSetting() {
        PredictorConfig c = PredictorConfig.defaults("k:9092", Task.CALORIES)
                .withDedupeHorizon(Duration.ofMinutes(5)).withGroupId("g").withMaxPollRecords(10).withTransactionalIdPrefix("tx");

        assertThat(c).isEqualTo(new PredictorConfig("k:9092", Task.CALORIES, "g", 10, Duration.ofMinutes(5), "tx"));
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> PredictorConfig.defaults("k:9092", Task.DIGITS)).hasMessageContaining("calories only");
        assertThatThrownBy(() -> PredictorConfig.defaults("k:9092", Task.CALORIES).withDedupeHorizon(Duration.ZERO))
                .hasMessageContaining("dedupeHorizon");
        assertThatThrownBy(() -> PredictorConfig.defaults("k:9092", Task.CALORIES).withMaxPollRecords(-1))
                .hasMessageContaining("maxPollRecords");
    }
}
