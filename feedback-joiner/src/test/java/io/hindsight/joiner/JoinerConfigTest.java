package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.Task;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JoinerConfigTest {
    @Test
    void defaults() {
        JoinerConfig c = JoinerConfig.defaults(Task.CALORIES);
        assertThat(c.horizon()).isEqualTo(Duration.ofHours(1));
        assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.windowAdvance()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.grace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.expiryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.applicationId()).isEqualTo("hindsight-joiner-calories");
        assertThat(c.withHorizon(Duration.ofMinutes(10)).horizon()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void rejectsBadValuesAtConstruction() {
        JoinerConfig c = JoinerConfig.defaults(Task.CALORIES);
        assertThatThrownBy(() -> c.withHorizon(Duration.ZERO)).hasMessageContaining("horizon");
        assertThatThrownBy(() -> c.withWindow(Duration.ofMinutes(1), Duration.ofMinutes(5))).hasMessageContaining("windowAdvance");
        assertThatThrownBy(() -> c.withGrace(Duration.ofSeconds(-1))).hasMessageContaining("grace");
        assertThatThrownBy(() -> c.withCommitInterval(Duration.ofMillis(-5))).hasMessageContaining("commitInterval");
        assertThatThrownBy(() -> c.withStreamThreads(0)).hasMessageContaining("streamThreads");
        assertThatThrownBy(() -> c.withExpiryInterval(Duration.ofHours(2))).hasMessageContaining("expiryInterval");
        assertThat(c.withHorizon(Duration.ofMillis(500)).expiryInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void acceptsRps() {
        assertThat(JoinerConfig.defaults(Task.RPS).applicationId()).isEqualTo("hindsight-joiner-rps");
    }

    @Test
    void acceptsDigits() {
        assertThat(JoinerConfig.defaults(Task.DIGITS).applicationId()).isEqualTo("hindsight-joiner-digits");
    }
}
