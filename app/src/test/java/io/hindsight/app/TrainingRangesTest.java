package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.model.TrainingRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingRangesTest {

    @Test
    void parsesExactOffsetRanges() {
        assertThat(TrainingRanges.parse(List.of("digits.training:0:0-60000", " digits.training:0:60000-70001")))
                .containsExactly(new TrainingRange("digits.training", 0, 0, 60_000),
                        new TrainingRange("digits.training", 0, 60_000, 70_001));
    }

    @Test
    void refusesWhatIsNotARange() {
        assertThatThrownBy(() -> TrainingRanges.parse(List.of("digits.training:0:10")))
                .hasMessageContaining("TOPIC:PARTITION:START-END");
        assertThatThrownBy(() -> TrainingRanges.parse(List.of("digits.training:0:10-10")))
                .hasMessageContaining("END must be after START");
        assertThatThrownBy(() -> TrainingRanges.parse(List.of("digits training:0:1-2"))).isInstanceOf(IllegalArgumentException.class);
    }
}
