package io.hindsight.joiner;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.ScoredRecord;

/**
 * One model output's outcome as the rolling metrics see it: matched (with its errors and lag) or expired.
 * Both kinds go into the same windowed aggregate, which is how coverage can count the expired ones.
 */
record MetricEvent(String task, String family, String version, String alias, boolean matched,
                   double predicted, double absError, Double squaredLogError, Boolean correct, long lagMs) {

    static MetricEvent of(JoinOutcome outcome) {
        if (outcome instanceof JoinOutcome.Scored s) {
            return matched(s.record());
        }
        if (outcome instanceof JoinOutcome.Expired e) {
            return expired(e.task(), e.output());
        }
        throw new IllegalArgumentException("no metric event for " + outcome.getClass().getSimpleName());
    }

    static MetricEvent matched(ScoredRecord s) {
        return new MetricEvent(s.task(), s.family(), s.version(), s.alias(), true, s.predicted(), s.absError(),
                s.squaredLogError(), s.correct(), s.lagMs());
    }

    static MetricEvent expired(String task, ModelOutput o) {
        return new MetricEvent(task, o.family(), o.version(), o.alias(), false, o.value(), 0.0, null, null, 0L);
    }

    /** task/family/version/alias: served and shadow outputs differ by alias, so they aggregate apart. */
    String seriesKey() {
        return task + "/" + family + "/" + version + "/" + alias;
    }
}
