package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.prediction.RollingMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollingGaugesTest {
    static final long MIN = 60_000;

    static RollingMetrics window(long start, long matched, long expired, double rmsle) {
        double coverage = matched + expired == 0 ? 0 : (double) matched / (matched + expired);
        return new RollingMetrics("calories", "xgboost", "v1", "Production", start, start + 5 * MIN, matched, expired,
                coverage, rmsle, 1.0, 0.0, 100.0, 0, 0, Map.of(), Map.of(), Map.of());
    }

    double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tags("task", "calories", "family", "xgboost", "version", "v1", "alias", "Production").gauge().value();
    }

    @Test
    void showsTheEarliestWindowThatStillContainsTheNewestOne() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RollingGauges gauges = new RollingGauges(registry, false);
        for (long start = 0; start <= 4 * MIN; start += MIN) {
            gauges.update(window(start, 1 + start / MIN, 0, 0.1));
        }
        assertThat(gauge(registry, "hindsight.rolling.matched")).isEqualTo(1.0); // window 0 still contains 4 min
        gauges.update(window(5 * MIN, 1, 0, 0.2));
        assertThat(gauge(registry, "hindsight.rolling.matched")).isEqualTo(2.0); // window 0 ends at 5 min: now window 1
        gauges.update(window(MIN, 7, 1, 0.3));                                      // a late update of window 1
        assertThat(gauge(registry, "hindsight.rolling.matched")).isEqualTo(7.0);
        assertThat(gauge(registry, "hindsight.rolling.expired")).isEqualTo(1.0);
        assertThat(gauge(registry, "hindsight.rolling.coverage")).isEqualTo(7.0 / 8);
        assertThat(gauge(registry, "hindsight.rolling.rmsle")).isEqualTo(0.3);
    }

    @Test
    void aClassifierShowsAccuracyInsteadOfErrors() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RollingGauges gauges = new RollingGauges(registry, true);
        gauges.update(new RollingMetrics("digits", "cnn", "v1", "Production", 0, 5 * MIN, 4, 1, 0.8, 0.0, 0.25, 0.75,
                4.5, 0, 0, Map.of(), Map.of(), Map.of("7>7", 3L, "7>1", 1L)));
        double accuracy = registry.get("hindsight.rolling.accuracy")
                .tags("task", "digits", "family", "cnn", "version", "v1", "alias", "Production").gauge().value();
        assertThat(accuracy).isEqualTo(0.75);
        assertThat(registry.find("hindsight.rolling.rmsle").gauges()).isEmpty();
        assertThat(registry.find("hindsight.rolling.mae").gauges()).isEmpty();
        assertThat(registry.get("hindsight.rolling.coverage").tags("task", "digits").gauge().value()).isEqualTo(0.8);
        gauges.update(new RollingMetrics("digits", "cnn", "v1", "Production", MIN, 6 * MIN, 0, 2, 0.0, 0.0, 0.0, 0.0,
                0.0, 0, 0, Map.of(), Map.of(), Map.of()));
        gauges.update(new RollingMetrics("digits", "cnn", "v1", "Production", 6 * MIN, 11 * MIN, 0, 2, 0.0, 0.0, 0.0, 0.0,
                0.0, 0, 0, Map.of(), Map.of(), Map.of()));
        assertThat(registry.get("hindsight.rolling.accuracy").tags("task", "digits").gauge().value())
                .as("no match in the shown window").isNaN();
        gauges.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void errorGaugesAreNaNWithoutMatchesAndGoAwayOnClose() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RollingGauges gauges = new RollingGauges(registry, false);
        gauges.update(window(0, 0, 3, 0.0));
        assertThat(gauge(registry, "hindsight.rolling.rmsle")).isNaN();
        assertThat(gauge(registry, "hindsight.rolling.mae")).isNaN();
        assertThat(gauge(registry, "hindsight.rolling.coverage")).isZero();
        gauges.close();
        assertThat(registry.getMeters()).isEmpty();
    }
}
