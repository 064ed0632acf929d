package io.hindsight.joiner;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.ScoredRecord;

/**
 * One model output's outcome as the rolling metrics see it: matched (with its errors and lag) or expired.
 * Both kinds go into the same windowed aggregate, which is how coverage can count the expired ones.
 * {@code truth} is null for an expired output (and in events written before it existed): a classifier's
 * confusion counts need it, nothing else does. {@code points} and {@code gameWon} are rps only (see
 * ScoredRecord), null otherwise.
 */
record MetricEvent(String task, String family, String version, String alias, boolean matched,
                   double predicted, double absError, Double squaredLogError, Boolean correct, long lagMs,
                   Double truth, Double points, Boolean gameWon) {

    /** A non-rps event. */
    MetricEvent(String task, String family, String version, String alias, boolean matched, double predicted,
                double absError, Double squaredLogError, Boolean correct, long lagMs, Double truth) {
        this(task, family, version, alias, matched, predicted, absError, squaredLogError, correct, lagMs, truth, null, null);
    }

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
                s.squaredLogError(), s.correct(), s.lagMs(), s.truth(), s.points(), s.gameWon());
    }

    static MetricEvent expired(String task, ModelOutput o) {
        return new MetricEvent(task, o.family(), o.version(), o.alias(), false, o.value(), 0.0, null, null, 0L, null, null, null);
    }

    /** task/family/version/alias: served and shadow outputs differ by alias, so they aggregate apart. */
    String seriesKey() {
        return task + "/" + family + "/" + version + "/" + alias;
    }
}
