package io.hindsight.gateway.digits;

import static io.hindsight.gateway.digits.DigitsRoutesTest.scored;
import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class DigitsAccuracyTest {
    final DigitsAccuracy accuracy = new DigitsAccuracy();

    static RollingMetrics window(String alias, String version, long start, double acc, long matched) {
        return new RollingMetrics("digits", "cnn", version, alias, start, start + 60_000, matched, 0, 1.0, 0, 0, acc,
                0, 0, 0, Map.of(), Map.of(), Map.of("7>1", 1L));
    }

    @Test
    void countsPerAliasAndVersionInAliasOrderWithTheServedTotalsApart() {
        accuracy.scored(scored("1", "shadow1", "cnn", false, 1, 1));
        accuracy.scored(scored("1", "B", "xgboost", false, 2, 1));
        accuracy.scored(scored("1", "Production", "cnn", true, 1, 1));
        accuracy.scored(scored("2", "Production", "cnn", true, 4, 9));
        accuracy.scored(new ScoredRecord("3", "calories", "xgboost", "v", "Production", true, 1, 2, 1, 0.1, null, 1, 2, 1));
        DigitsAccuracy.Snapshot s = accuracy.snapshot();
        assertThat(s.models()).extracting(DigitsAccuracy.Row::alias).containsExactly("Production", "B", "shadow1");
        assertThat(s.models().get(0).total()).isEqualTo(2);
        assertThat(s.models().get(0).correct()).isEqualTo(1);
        assertThat(s.models().get(0).accuracy()).isEqualTo(0.5);
        assertThat(s.models().get(1).accuracy()).isEqualTo(0.0);
        assertThat(s.served()).isEqualTo(new DigitsAccuracy.Served(2, 1, 0.5));
        assertThat(s.since()).isEqualTo(1000L);
        assertThat(s.revision()).isEqualTo(4);
    }

    @Test
    void keepsTheNewestRollingWindowOfEachModelAndAlias() {
        accuracy.rolling(window("Production", "v1", 60_000, 0.9, 10));
        accuracy.rolling(window("Production", "v1", 0, 0.1, 3)); // an older window, read later
        accuracy.rolling(window("Production", "v1", 60_000, 0.95, 20)); // the same window, updated
        DigitsAccuracy.Row row = accuracy.snapshot().models().get(0);
        assertThat(row.total()).isZero();
        assertThat(row.accuracy()).isNull();
        assertThat(row.rolling()).isEqualTo(new DigitsAccuracy.Window(0.95, 20, 60_000, 120_000));
    }

    @Test
    void updatesStartWithTheCurrentViewAndFollowChangesAtMostOncePerPeriod() {
        StepVerifier.create(accuracy.updates(Duration.ofMillis(100)).take(2))
                .assertNext(s -> assertThat(s.served().total()).isZero())
                .then(() -> {
                    for (int i = 0; i < 50; i++) {
                        accuracy.scored(scored("r" + i, "Production", "cnn", true, 1, 1));
                    }
                })
                .assertNext(s -> assertThat(s.served().total()).isEqualTo(50))
                .verifyComplete();
        assertThat(List.of(accuracy.snapshot().served().accuracy())).containsExactly(1.0);
    }
}
