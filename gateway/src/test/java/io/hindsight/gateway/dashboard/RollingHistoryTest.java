package io.hindsight.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.RollingMetrics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the dashboard draws from metrics.rolling: the shown window, points per time slot, retention, kinds. */
class RollingHistoryTest {
    static final long MIN = 60_000;
    static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % (5 * MIN);

    static RollingMetrics calories(String alias, String version, long start, long matched, double rmsle, double mae) {
        return new RollingMetrics("calories", "xgboost", version, alias, start, start + 5 * MIN, matched, 0,
                matched == 0 ? 0 : 1.0, rmsle, mae, 0, 100, 2_000, 4_500, Map.of(), Map.of(), Map.of());
    }

    static RollingMetrics digits(String alias, String version, long start, long matched, long expired, double accuracy) {
        return new RollingMetrics("digits", "cnn", version, alias, start, start + 5 * MIN, matched, expired,
                matched + expired == 0 ? 0 : matched / (double) (matched + expired), 0, 1 - accuracy, accuracy, 4,
                1_250, 3_000, Map.of(), Map.of(), Map.of("7>7", matched));
    }

    static RollingMetrics rps(String family, String alias, String version, long start, long matched, double accuracy,
                              double pointsPerRound, long games, long gamesWon) {
        return new RollingMetrics("rps", family, version, alias, start, start + 5 * MIN, matched, 0,
                matched == 0 ? 0 : 1.0, 0, 1 - accuracy, accuracy, 1, 4_000, 9_000, Map.of(), Map.of(),
                Map.of("0>0", matched), pointsPerRound, games, gamesWon);
    }

    @Test
    void rpsIsAGameWithWinRateAndPointsPerRoundPerFamilyAndAlias() {
        RollingHistory h = new RollingHistory();
        h.add(rps("forrest", "Production", "rps-forrest-p", T0, 40, 0.5, 0.25, 4, 3), T0 + 1_000);
        h.add(rps("forrest", "shadow1", "rps-forrest-s", T0, 40, 0.45, -0.1, 0, 0), T0 + 1_000);
        h.add(rps("logan", "B", "rps-logan-b", T0, 0, 0, 0, 0, 0), T0 + 2_000);
        h.add(rps("forrest", "Production", "rps-forrest-p", T0, 60, 0.55, 0.3, 6, 3), T0 + 4_000);
        RollingHistory.View v = h.view(Task.RPS, T0 + 5_000);
        assertThat(v.kind()).isEqualTo("game");
        assertThat(v.figures()).containsExactly("winRate", "pointsPerRound", "accuracy", "coverage", "lagP50Seconds",
                "lagP95Seconds");
        assertThat(v.series()).extracting(x -> x.family() + "/" + x.alias())
                .containsExactly("forrest/Production", "logan/B", "forrest/shadow1");
        RollingHistory.SeriesView p = v.series().get(0);
        assertThat(p.latest().winRate()).isEqualTo(0.5);
        assertThat(p.latest().games()).isEqualTo(6);
        assertThat(p.latest().gamesWon()).isEqualTo(3);
        assertThat(p.latest().pointsPerRound()).isEqualTo(0.3);
        assertThat(p.latest().accuracy()).isEqualTo(0.55);
        assertThat(p.latest().rmsle()).isNull();
        assertThat(p.points().winRate()).containsExactly(0.75, 0.5);
        assertThat(p.points().pointsPerRound()).containsExactly(0.25, 0.3);
        assertThat(p.points().games()).containsExactly(4L, 6L);
        RollingHistory.SeriesView b = v.series().get(1);
        assertThat(b.latest().pointsPerRound()).as("nothing matched").isNull();
        assertThat(b.latest().winRate()).as("no game finished").isNull();
        RollingHistory.SeriesView shadow = v.series().get(2);
        assertThat(shadow.latest().pointsPerRound()).isEqualTo(-0.1);
        assertThat(shadow.latest().winRate()).as("a shadow never moves the bot").isNull();
        assertThat(shadow.points().winRate()).containsExactly((Double) null);
        assertThat(h.view(Task.CALORIES, T0).series()).as("tasks apart").isEmpty();
    }

    @Test
    void aSeriesShowsTheEarliestWindowThatContainsTheNewestStartAtTheRecordsTimestamp() {
        RollingHistory h = new RollingHistory();
        h.add(calories("Production", "v1", T0, 10, 0.05, 4.0), T0 + 10_000);
        h.add(calories("Production", "v1", T0 + MIN, 3, 0.09, 6.0), T0 + MIN + 5_000); // hopping: both contain it
        RollingHistory.View v = h.view(Task.CALORIES, T0 + MIN + 6_000);
        assertThat(v.series()).hasSize(1);
        RollingHistory.SeriesView s = v.series().get(0);
        assertThat(s.latest().windowStart()).as("the earlier, fuller window").isEqualTo(T0);
        assertThat(s.latest().rmsle()).isEqualTo(0.05);
        assertThat(s.latest().updatedAt()).isEqualTo(T0 + MIN + 5_000);
        assertThat(s.points().t()).containsExactly(T0 + 10_000, T0 + MIN + 5_000);
        // Once a window starts that the first one no longer contains, the shown window moves on.
        h.add(calories("Production", "v1", T0 + 5 * MIN, 7, 0.07, 5.0), T0 + 5 * MIN + 1_000);
        s = h.view(Task.CALORIES, T0 + 6 * MIN).series().get(0);
        assertThat(s.latest().windowStart()).isEqualTo(T0 + MIN);
        assertThat(s.latest().matched()).isEqualTo(3);
        assertThat(s.points().rmsle()).containsExactly(0.05, 0.05, 0.09);
    }

    @Test
    void recordsInTheSameSlotReplaceThePointAndOldPointsAreDropped() {
        RollingHistory h = new RollingHistory(Duration.ofMinutes(10), Duration.ofSeconds(5));
        h.add(calories("B", "v2", T0, 1, 0.1, 9), T0 + 1_000);
        h.add(calories("B", "v2", T0, 2, 0.2, 8), T0 + 3_000); // same 5 s slot
        RollingHistory.SeriesView s = h.view(Task.CALORIES, T0).series().get(0);
        assertThat(s.points().t()).containsExactly(T0 + 3_000);
        assertThat(s.points().matched()).containsExactly(2L);
        h.add(calories("B", "v2", T0 + 11 * MIN, 5, 0.3, 7), T0 + 11 * MIN);
        s = h.view(Task.CALORIES, T0 + 11 * MIN).series().get(0);
        assertThat(s.points().t()).as("older than the retention before the newest point").containsExactly(T0 + 11 * MIN);
    }

    @Test
    void aModelVersionNotScoredForLongerThanTheRetentionLeavesTheView() {
        RollingHistory h = new RollingHistory(Duration.ofMinutes(10), Duration.ofSeconds(2));
        h.add(calories("Production", "old", T0, 5, 0.1, 5), T0);
        h.add(calories("Production", "new", T0 + 20 * MIN, 5, 0.1, 5), T0 + 20 * MIN);
        assertThat(h.view(Task.CALORIES, T0 + 20 * MIN).series()).extracting(RollingHistory.SeriesView::version)
                .containsExactly("new");
    }

    @Test
    void aWindowWithoutMatchesHasNoErrorButHasCoverage() {
        RollingHistory h = new RollingHistory();
        h.add(new RollingMetrics("calories", "xgboost", "v1", "Production", T0, T0 + 5 * MIN, 0, 4, 0.0, 0, 0, 0, 0,
                0, 0, Map.of(), Map.of(), Map.of()), T0 + 1);
        RollingHistory.SeriesView s = h.view(Task.CALORIES, T0).series().get(0);
        assertThat(s.latest().rmsle()).isNull();
        assertThat(s.latest().lagP50Seconds()).isNull();
        assertThat(s.latest().coverage()).isEqualTo(0.0);
        assertThat(s.latest().expired()).isEqualTo(4);
        assertThat(s.points().rmsle()).containsExactly((Double) null);
    }

    @Test
    void theKindDecidesTheFiguresAndSeriesAreOrderedByAlias() {
        RollingHistory h = new RollingHistory();
        h.add(digits("shadow1", "s", T0, 10, 0, 0.8), T0 + 1);
        h.add(digits("B", "b", T0, 10, 0, 0.9), T0 + 2);
        h.add(digits("Production", "p", T0, 9, 1, 0.95), T0 + 3);
        h.add(calories("Production", "c", T0, 10, 0.05, 4), T0 + 4);
        RollingHistory.View v = h.view(Task.DIGITS, T0 + 10);
        assertThat(v.kind()).isEqualTo("classification");
        assertThat(v.figures()).containsExactly("accuracy", "coverage", "lagP50Seconds", "lagP95Seconds");
        assertThat(v.windowMs()).isEqualTo(5 * MIN);
        assertThat(v.series()).extracting(RollingHistory.SeriesView::alias).containsExactly("Production", "B", "shadow1");
        RollingHistory.SeriesView p = v.series().get(0);
        assertThat(p.latest().accuracy()).isEqualTo(0.95);
        assertThat(p.latest().coverage()).isEqualTo(0.9);
        assertThat(p.latest().rmsle()).isNull();
        assertThat(p.latest().lagP50Seconds()).isEqualTo(1.25);
        assertThat(p.points().accuracy()).containsExactly(0.95);
        assertThat(p.points().rmsle()).isNull();
        assertThat(h.view(Task.CALORIES, T0).kind()).isEqualTo("regression");
        assertThat(h.view(Task.RPS, T0).series()).isEmpty();
    }
}
