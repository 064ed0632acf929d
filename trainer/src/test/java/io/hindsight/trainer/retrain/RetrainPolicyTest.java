package io.hindsight.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {
    private final RetrainPolicy policy = new RetrainPolicy(500, Duration.ofMinutes(30));

    @Test
    void dueAfterEnoughNewRecords() {
        assertThat(policy.due(499, Duration.ofMinutes(1))).isNull();
        assertThat(policy.due(500, Duration.ofMinutes(1))).contains("500 new records");
    }

    @Test
    void dueAfterThePeriodOnlyWithSomethingNew() {
        assertThat(policy.due(0, Duration.ofHours(5))).isNull();
        assertThat(policy.due(1, Duration.ofMinutes(29))).isNull();
        assertThat(policy.due(1, Duration.ofMinutes(30))).contains("30 min");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetrainPolicy(0, Duration.ofMinutes(1))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new RetrainPolicy(5, Duration.ZERO)).hasMessageContaining("positive");
    }
}
