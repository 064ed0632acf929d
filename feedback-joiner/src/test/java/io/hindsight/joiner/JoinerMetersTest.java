package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The meters the metrics reader feeds, without a broker. */
class JoinerMetersTest {
    static ScoredRecord digit(String alias, String version, int predicted, int truth) {
        return new ScoredRecord("r", "digits", "cnn", version, alias, alias.equals("Production"), predicted, truth,
                predicted == truth ? 0.0 : 1.0, null, predicted == truth, 0L, 1_000L, 1_000L);
    }

    @Test
    void aClassifierCountsCorrectAndWrongAndEachTruthPredictedPair() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JoinerMeters meters = new JoinerMeters(registry, JoinerConfig.defaults(Task.DIGITS), "digits.feedback")) {
            meters.scored(digit("Production", "v1", 7, 7));
            meters.scored(digit("Production", "v1", 7, 7));
            meters.scored(digit("Production", "v1", 1, 7));
            meters.scored(digit("shadow1", "v2", 3, 8));
            meters.scored(digit("shadow1", "v2", 12, 8));

            assertThat(registry.get("hindsight.classified").tags("task", "digits", "family", "cnn", "version", "v1",
                    "alias", "Production", "correct", "true").counter().count()).isEqualTo(2.0);
            assertThat(registry.get("hindsight.classified").tags("alias", "Production", "correct", "false").counter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("hindsight.classified").tags("alias", "shadow1", "correct", "true").counter().count())
                    .as("registered at 0 with the series").isZero();
            assertThat(registry.get("hindsight.scored").tags("alias", "Production").counter().count()).isEqualTo(3.0);

            assertThat(confusion(registry, "v1", "Production", "7", "7")).isEqualTo(2.0);
            assertThat(confusion(registry, "v1", "Production", "7", "1")).isEqualTo(1.0);
            assertThat(confusion(registry, "v2", "shadow1", "8", "3")).isEqualTo(1.0);
            assertThat(confusion(registry, "v2", "shadow1", "8", "other")).isEqualTo(1.0);
            assertThat(registry.find("hindsight.joiner.confusion").counters()).hasSize(4);
        }
    }

    @Test
    void aRegressionHasNoClassifierMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JoinerMeters meters = new JoinerMeters(registry, JoinerConfig.defaults(Task.CALORIES), "calories.feedback")) {
            meters.scored(new ScoredRecord("r", "calories", "xgboost", "v1", "Production", true, 100, 80, 20, 0.04, null,
                    0L, 1_000L, 1_000L));
            assertThat(registry.find("hindsight.classified").counters()).isEmpty();
            assertThat(registry.find("hindsight.joiner.confusion").counters()).isEmpty();
            assertThat(registry.get("hindsight.scored").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void prometheusShowsOneBucketPerClassAndBothTasksFitOneRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (JoinerMeters digits = new JoinerMeters(registry, JoinerConfig.defaults(Task.DIGITS), "digits.feedback");
             JoinerMeters calories = new JoinerMeters(registry, JoinerConfig.defaults(Task.CALORIES), "calories.feedback")) {
            digits.scored(digit("Production", "v1", 0, 0));
            digits.scored(digit("Production", "v1", 9, 4));
            calories.scored(new ScoredRecord("r", "calories", "xgboost", "v1", "Production", true, 100, 80, 20, 0.04, null,
                    0L, 1_000L, 1_000L));
            String scrape = registry.scrape();
            assertThat(scrape).contains(
                    "hindsight_classified_total{alias=\"Production\",correct=\"true\",family=\"cnn\",task=\"digits\",version=\"v1\"} 1.0",
                    "hindsight_classified_total{alias=\"Production\",correct=\"false\",family=\"cnn\",task=\"digits\",version=\"v1\"} 1.0",
                    "hindsight_joiner_confusion_total{alias=\"Production\",family=\"cnn\",predicted=\"9\",task=\"digits\",truth=\"4\",version=\"v1\"} 1.0",
                    "hindsight_predicted_value_bucket{alias=\"Production\",family=\"cnn\",task=\"digits\",version=\"v1\",le=\"0.5\"} 1",
                    "hindsight_predicted_value_bucket{alias=\"Production\",family=\"cnn\",task=\"digits\",version=\"v1\",le=\"8.5\"} 1",
                    "hindsight_predicted_value_bucket{alias=\"Production\",family=\"cnn\",task=\"digits\",version=\"v1\",le=\"9.5\"} 2",
                    "hindsight_scored_total{alias=\"Production\",family=\"xgboost\",task=\"calories\",version=\"v1\"} 1.0");
        }
    }

    @Test
    void rpsCountsGamesByOutcomeAndPointsByTheBotsResult() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JoinerMeters meters = new JoinerMeters(registry, JoinerConfig.defaults(Task.RPS), "rps.feedback")) {
            meters.scored(rps("Production", true, 0, 0, 1.5, null));
            meters.scored(rps("Production", true, 0, 2, -2.0, true));
            meters.scored(rps("B", true, 1, 1, 0.0, false));
            meters.scored(rps("shadow1", false, 1, 0, 1.0, null));
            meters.fallback("Production");

            assertThat(registry.get("hindsight.rps.games").tags("family", "logan", "alias", "Production", "won", "true")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get("hindsight.rps.games").tags("alias", "B", "won", "false").counter().count()).isEqualTo(1.0);
            assertThat(registry.find("hindsight.rps.games").tags("alias", "shadow1").counters()).isEmpty();
            var win = registry.get("hindsight.rps.points").tags("alias", "Production", "result", "win").summary();
            var loss = registry.get("hindsight.rps.points").tags("alias", "Production", "result", "loss").summary();
            assertThat(win.totalAmount() - loss.totalAmount()).as("net points").isEqualTo(-0.5);
            assertThat(registry.get("hindsight.rps.points").tags("alias", "B", "result", "tie").summary().count()).isEqualTo(1);
            assertThat(registry.get("hindsight.classified").tags("alias", "Production", "correct", "true").counter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("hindsight.joiner.fallback").tags("task", "rps", "alias", "Production").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void rpsRollingGaugesShowPointsAndWinRate() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JoinerMeters meters = new JoinerMeters(registry, JoinerConfig.defaults(Task.RPS), "rps.feedback")) {
            meters.rolling(new io.hindsight.contracts.prediction.RollingMetrics("rps", "logan", "v1", "Production", 0, 300_000,
                    10, 0, 1.0, 0, 0.6, 0.4, 1.0, 0, 0, java.util.Map.of(), java.util.Map.of(), java.util.Map.of(),
                    -0.25, 4, 3));
            assertThat(registry.get("hindsight.rolling.points_per_round").tags("alias", "Production").gauge().value())
                    .isEqualTo(-0.25);
            assertThat(registry.get("hindsight.rolling.game_win_rate").tags("alias", "Production").gauge().value())
                    .isEqualTo(0.75);
            assertThat(registry.get("hindsight.rolling.accuracy").tags("alias", "Production").gauge().value()).isEqualTo(0.4);
        }
    }

    static ScoredRecord rps(String alias, boolean served, int predicted, int truth, double points, Boolean gameWon) {
        return new ScoredRecord("g:4", "rps", "logan", "v1", alias, served, predicted, truth, predicted == truth ? 0 : 1,
                null, predicted == truth, 0L, 1_000L, 1_000L, points, gameWon);
    }

    @Test
    void theFallbackScanFindsTheWord() {
        assertThat(JoinerMetricsReader.contains("{\"version\":\"fallback\"}".getBytes(), "fallback".getBytes())).isTrue();
        assertThat(JoinerMetricsReader.contains("{\"version\":\"v1\"}".getBytes(), "fallback".getBytes())).isFalse();
    }

    private static double confusion(SimpleMeterRegistry registry, String version, String alias, String truth, String predicted) {
        return registry.get("hindsight.joiner.confusion").tags("task", "digits", "family", "cnn", "version", version,
                "alias", alias, "truth", truth, "predicted", predicted).counter().count();
    }
}
