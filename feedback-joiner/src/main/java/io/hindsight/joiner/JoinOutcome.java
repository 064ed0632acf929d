package io.hindsight.joiner;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.ScoredRecord;

/**
 * What the join processor emits, each kept in memory only (split right after, never serialized):
 * a scored output, an output whose horizon passed unmatched (counts against coverage), or an orphan.
 */
sealed interface JoinOutcome {
    record Scored(ScoredRecord record) implements JoinOutcome {
    }

    record Expired(String task, ModelOutput output, boolean served) implements JoinOutcome {
    }

    record Orphaned(Orphan orphan) implements JoinOutcome {
    }
}
