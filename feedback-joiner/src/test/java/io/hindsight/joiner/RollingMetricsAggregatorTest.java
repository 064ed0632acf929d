package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.RollingMetrics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollingMetricsAggregatorTest {
    static MetricEvent classified(int predicted, int truth) {
        return new MetricEvent("digits", "cnn", "v1", "Production", true, predicted, predicted == truth ? 0 : 1, null,
                predicted == truth, 1_000, (double) truth);
    }

    @Test
    void aClassifierWindowHasAccuracyErrorRateAndSparseConfusion() {
        RollingMetricsAggregator agg = new RollingMetricsAggregator(TaskProfile.of(Task.DIGITS));
        RollingAggregate a = agg.empty();
        a = agg.add(a, classified(7, 7));
        a = agg.add(a, classified(1, 7));
        a = agg.add(a, classified(3, 3));
        a = agg.add(a, classified(3, 3));
        a = agg.add(a, MetricEvent.expired("digits", JoinerFixtures.digitOutput("v1", "Production", 5)));
        RollingMetrics m = agg.toMetrics(a, 0, 300_000);
        assertThat(m.matched()).isEqualTo(4);
        assertThat(m.expired()).isEqualTo(1);
        assertThat(m.coverage()).isEqualTo(0.8);
        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.mae()).isEqualTo(0.25);
        assertThat(m.rmsle()).isZero();
        assertThat(m.confusion()).containsOnly(Map.entry("7>7", 1L), Map.entry("7>1", 1L), Map.entry("3>3", 2L));
        assertThat(m.predictedHistogram()).containsEntry("3", 2L).containsEntry("5", 0L);
    }

    @Test
    void aStoredAggregateWithoutConfusionCountsOnFromZero() {
        RollingMetricsAggregator agg = new RollingMetricsAggregator(TaskProfile.of(Task.DIGITS));
        RollingAggregate a = agg.add(agg.empty(), classified(2, 2));
        // as written by a joiner before confusion counts existed: the field is simply missing
        String json = Json.writeString(a).replace(",\"confusion\":" + Json.writeString(a.confusion()), "");
        RollingAggregate old = Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), RollingAggregate.class);
        assertThat(old.confusion()).isNull();
        assertThat(agg.toMetrics(old, 0, 1).confusion()).isEmpty();
        RollingMetrics m = agg.toMetrics(agg.add(old, classified(4, 2)), 0, 1);
        assertThat(m.matched()).isEqualTo(2);
        assertThat(m.confusion()).containsOnly(Map.entry("2>4", 1L));
    }

    @Test
    void aRegressionLeavesConfusionEmpty() {
        RollingMetricsAggregator agg = new RollingMetricsAggregator(TaskProfile.of(Task.CALORIES));
        RollingAggregate a = agg.add(agg.empty(), new MetricEvent("calories", "xgboost", "v1", "Production", true, 100, 20,
                0.04, null, 1_000, 80.0));
        RollingMetrics m = agg.toMetrics(a, 0, 1);
        assertThat(m.confusion()).isEmpty();
        assertThat(m.accuracy()).isZero();
        assertThat(m.mae()).isEqualTo(20.0);
    }
}
