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
        assertThat(c.maxPollRecords()).isEqualTo(2_000);
        assertThat(c.dedupeHorizon()).isEqualTo(Duration.ofHours(1));
        assertThat(c.transactionalIdPrefix()).isEqualTo("hindsight-predictor-calories");
        assertThat(c.transactionalId()).startsWith("hindsight-predictor-calories-");
    }

    @Test
    void withersChangeOneSetting() {
        PredictorConfig c = PredictorConfig.defaults("k:9092", Task.CALORIES)
                .withDedupeHorizon(Duration.ofMinutes(5)).withGroupId("g").withMaxPollRecords(10).withTransactionalIdPrefix("tx")
                .withInstanceId("node-1").withWorkers(2);

        assertThat(c).isEqualTo(new PredictorConfig("k:9092", Task.CALORIES, "g", 10, Duration.ofMinutes(5), "tx", "node-1", 2));
        assertThat(c.transactionalId()).isEqualTo("tx-node-1");
    }

    @Test
    void eachWorkerHasItsOwnStableTransactionalId() {
        PredictorConfig c = PredictorConfig.defaults("k:9092", Task.CALORIES).withInstanceId("pod-a");
        assertThat(c.workers()).isEqualTo(PredictorConfig.DEFAULT_WORKERS);
        assertThat(c.forWorker(0).transactionalId()).isEqualTo("hindsight-predictor-calories-pod-a-w0");
        assertThat(c.forWorker(1).transactionalId()).isEqualTo("hindsight-predictor-calories-pod-a-w1");
        assertThat(c.transactionalId()).isEqualTo(c.transactionalId()); // not re-drawn per call
        assertThatThrownBy(() -> c.withWorkers(0).withWorkers(-1)).hasMessageContaining("workers");
    }

    @Test
    void everyTaskHasAPredictorRpsIncluded() {
        PredictorConfig c = PredictorConfig.defaults("k:9092", Task.RPS);

        assertThat(c.groupId()).isEqualTo("hindsight-predictor-rps");
        assertThat(c.transactionalIdPrefix()).isEqualTo("hindsight-predictor-rps");
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> PredictorConfig.defaults("k:9092", Task.CALORIES).withDedupeHorizon(Duration.ZERO))
                .hasMessageContaining("dedupeHorizon");
        assertThatThrownBy(() -> PredictorConfig.defaults("k:9092", Task.CALORIES).withMaxPollRecords(-1))
                .hasMessageContaining("maxPollRecords");
    }
}
