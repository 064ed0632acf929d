package io.hindsight.rps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Request ids and config: the small pieces the topology trusts. */
class RequestIdTest {

    @Test
    void splitsOnTheLastColon() {
        assertThat(RequestId.parse("g-1:12")).isEqualTo(new RequestId("g-1", 12));
        assertThat(RequestId.parse("a:b:3")).isEqualTo(new RequestId("a:b", 3));
    }

    @Test
    void rejectsWhatIsNotGameIdColonRound() {
        assertThat(RequestId.parse(null)).isNull();
        assertThat(RequestId.parse("g-1")).isNull();
        assertThat(RequestId.parse(":4")).isNull();
        assertThat(RequestId.parse("g-1:")).isNull();
        assertThat(RequestId.parse("g-1:x")).isNull();
        assertThat(RequestId.parse("g-1:0")).isNull();
    }

    @Test
    void configDefaultsAndValidation() {
        RpsGameConfig c = RpsGameConfig.defaults();
        assertThat(c.applicationId()).isEqualTo("hindsight-rps-games");
        assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.partitions()).isEqualTo(3);
        assertThatThrownBy(() -> c.withPartitions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RpsGameConfig("x", Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
