package io.hindsight.trainer.retrain;

import java.time.Duration;

/**
 * When a challenger is due: after {@code everyRecords} new training records, or after {@code every} when at
 * least one new record arrived (retraining on the same data would only publish the same model again).
 */
public record RetrainPolicy(long everyRecords, Duration every) {
    public static final RetrainPolicy DEFAULTS = new RetrainPolicy(2_000, Duration.ofHours(1));

    public RetrainPolicy {
        if (everyRecords < 1) {
            throw new IllegalArgumentException("retrain after at least 1 new record, not " + everyRecords);
        }
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the retraining period must be positive, was " + every);
        }
    }

    /** Why a retraining is due, or null when it is not. */
    public String due(long newRecords, Duration sinceLast) {
        if (newRecords >= everyRecords) {
            return newRecords + " new records (policy: every " + everyRecords + ")";
        }
        if (newRecords > 0 && sinceLast.compareTo(every) >= 0) {
            return newRecords + " new records and " + sinceLast.toMinutes() + " min since the last training (policy: every "
                    + every + ")";
        }
        return null;
    }
}
