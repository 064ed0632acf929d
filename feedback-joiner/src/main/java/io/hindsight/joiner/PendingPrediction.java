package io.hindsight.joiner;

import io.hindsight.contracts.prediction.PredictionRecord;

/**
 * A prediction the joiner remembers, by request id. OPEN waits for feedback until {@code deadline}; SCORED
 * and EXPIRED are kept until {@code forgetAt} so that a second or a late feedback is reported as DUPLICATE
 * or EXPIRED rather than UNKNOWN.
 */
record PendingPrediction(PredictionRecord prediction, long recordTs, long deadline, Status status, long forgetAt) {

    enum Status { OPEN, SCORED, EXPIRED }

    static PendingPrediction open(PredictionRecord prediction, long recordTs, long deadline) {
        return new PendingPrediction(prediction, recordTs, deadline, Status.OPEN, deadline);
    }

    PendingPrediction resolved(Status status, long forgetAt) {
        return new PendingPrediction(prediction, recordTs, deadline, status, forgetAt);
    }

    /** When the expiry sweep next has something to do with this entry. */
    long nextDue() {
        return status == Status.OPEN ? deadline : forgetAt;
    }
}
