package io.hindsight.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.drift.DriftReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the dashboard's drift section shows from the drift topic: the newest window per feature, history, order. */
class DriftHistoryTest {
    static final long MIN = 60_000;
    static final long T0 = RollingHistoryTest.T0;

    static DriftReport report(String task, String feature, long start, long count, double psi, double ksD, double ksP) {
        boolean drifted = count >= 50 && (psi > DriftReport.PSI_THRESHOLD
                || (ksP < DriftReport.KS_P_THRESHOLD && ksD > DriftReport.KS_D_THRESHOLD));
        return new DriftReport(task, feature, start, start + 5 * MIN, task + "-xgboost-aaaaaaaaaaaa", count, 1000, psi,
                ksD, ksP, drifted, List.of(1.0, 2.0), List.of(count / 2, count - count / 2), List.of(0.5, 0.5));
    }

    @Test
    void eachFeatureShowsItsNewestWindowInTheTasksFeatureOrderWithItsHistory() {
        DriftHistory h = new DriftHistory();
        h.add(report("calories", "Weight", T0, 80, 0.05, 0.04, 0.6));
        h.add(report("calories", "Age", T0, 80, 0.31, 0.2, 1e-6));
        h.add(report("calories", "Age", T0 + 5 * MIN, 90, 0.02, 0.03, 0.8));
        h.add(report("calories", "Sex", T0 + 5 * MIN, 90, 0.01, 0.01, 0.9));
        h.add(report("calories", "Heart_Rate", T0 + 5 * MIN, 90, 0.45, 0.25, 1e-9));
        h.add(report("digits", "ink", T0, 40, Double.NaN, Double.NaN, Double.NaN));

        DriftHistory.View v = h.view(Task.CALORIES, T0 + 11 * MIN);
        assertThat(v.task()).isEqualTo("calories");
        assertThat(v.revision()).isEqualTo(5);
        assertThat(v.windowMs()).isEqualTo(5 * MIN);
        assertThat(v.thresholds().psi()).isEqualTo(0.2);
        assertThat(v.features()).extracting(DriftHistory.FeatureView::feature)
                .as("CaloriesFeatures order").containsExactly("Sex", "Age", "Weight", "Heart_Rate");
        DriftHistory.FeatureView age = v.features().get(1);
        assertThat(age.latest().windowStart()).as("the newest window").isEqualTo(T0 + 5 * MIN);
        assertThat(age.latest().psi()).isEqualTo(0.02);
        assertThat(age.latest().drifted()).isFalse();
        assertThat(age.latest().referenceVersion()).isEqualTo("calories-xgboost-aaaaaaaaaaaa");
        assertThat(age.points().t()).containsExactly(T0 + 5 * MIN, T0 + 10 * MIN);
        assertThat(age.points().psi()).containsExactly(0.31, 0.02);
        assertThat(age.points().drifted()).containsExactly(true, false);
        assertThat(v.drifted()).as("Heart_Rate only, now").isEqualTo(1);

        DriftHistory.FeatureView ink = h.view(Task.DIGITS, T0).features().get(0);
        assertThat(ink.latest().psi()).as("NaN is null").isNull();
        assertThat(ink.points().psi()).containsExactly((Double) null);
        assertThat(h.view(Task.RPS, T0).features()).isEmpty();
    }

    @Test
    void aRepeatedWindowReplacesItAndOldWindowsAreDropped() {
        DriftHistory h = new DriftHistory(Duration.ofMinutes(30));
        h.add(report("calories", "Age", T0, 80, 0.3, 0.2, 1e-6));
        h.add(report("calories", "Age", T0, 80, 0.1, 0.1, 0.5)); // the same window again
        assertThat(h.view(Task.CALORIES, T0).features().get(0).points().psi()).containsExactly(0.1);
        h.add(report("calories", "Age", T0 + 60 * MIN, 80, 0.05, 0.05, 0.7));
        h.add(report("calories", "Sex", T0 + 60 * MIN, 80, 0.05, 0.05, 0.7));
        DriftHistory.View v = h.view(Task.CALORIES, T0 + 65 * MIN);
        assertThat(v.features().get(1).points().t()).as("older than the retention").containsExactly(T0 + 65 * MIN);
        h.add(report("calories", "Weight", T0, 80, 0.05, 0.05, 0.7)); // late, already outside the retention
        assertThat(h.view(Task.CALORIES, T0 + 65 * MIN).features()).extracting(DriftHistory.FeatureView::feature)
                .containsExactly("Sex", "Age");
    }
}
