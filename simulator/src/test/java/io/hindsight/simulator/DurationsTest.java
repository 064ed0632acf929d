package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "300s, PT5M",
        "5m, PT5M",
        "1h, PT1H",
        "250ms, PT0.25S",
        "1h30m, PT1H30M",
        "1.5s, PT1.5S",
        "2d, PT48H",
        "0, PT0S",
        "0s, PT0S",
        "PT5M, PT5M",
        "pt25s, PT25S",
        "' 25s ', PT25S",
        "500us, PT0.0005S",
    })
    void parsesShortAndIsoForms(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "5", "5x", "m5", "-1s", "1s 2m", "1,5s", "PT-5M", "-PT5M", "P1Q"})
    void refusesWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"PT5M, 5m", "PT25S, 25s", "PT1H30M, 1h30m", "PT0.25S, 250ms", "PT1.5S, 1.5s", "PT0S, 0s", "PT49H, 2d1h"})
    void formatsShortForms(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }
}
