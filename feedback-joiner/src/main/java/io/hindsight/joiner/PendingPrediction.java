package io.hindsight.joiner;

import io.hindsight.contracts.prediction.PredictionRecord;

/**
 * What the joiner remembers about one request id: its prediction, or feedback waiting for it. OPEN waits for
 * feedback until {@code deadline}; SCORED and EXPIRED are kept until {@code forgetAt} so that a second or a
 * late feedback is reported as DUPLICATE or EXPIRED rather than UNKNOWN. {@code prediction} is null once
 * resolved (and may be present in entries written by earlier versions).
 *
 * <p>HELD is feedback that came before its prediction ({@code held}, received at {@code recordTs}, kept
 * until {@code deadline} = {@code forgetAt}). It shares the id's one entry so that a prediction or a feedback
 * learns everything about its id with one read.
 */
record PendingPrediction(PredictionRecord prediction, long recordTs, long deadline, Status status, long forgetAt,
                         GroundTruth held) {

    enum Status { OPEN, SCORED, EXPIRED, HELD }

    PendingPrediction(PredictionRecord prediction, long recordTs, long deadline, Status status, long forgetAt) {
        this(prediction, recordTs, deadline, status, forgetAt, null);
    }

    static PendingPrediction open(PredictionRecord prediction, long recordTs, long deadline) {
        return new PendingPrediction(prediction, recordTs, deadline, Status.OPEN, deadline);
    }

    static PendingPrediction held(GroundTruth truth, long recordTs, long holdUntil) {
        return new PendingPrediction(null, recordTs, holdUntil, Status.HELD, holdUntil, truth);
    }

    /**
     * Resolved, the prediction itself is no longer needed (a later feedback is only told DUPLICATE or
     * EXPIRED), so it is dropped: the store and its changelog then keep a few numbers per id for the rest of
     * the horizon instead of the whole record.
     */
    PendingPrediction resolved(Status status, long forgetAt) {
        return new PendingPrediction(null, recordTs, deadline, status, forgetAt);
    }

    /** When the expiry sweep next has something to do with this entry. */
    long nextDue() {
        return status == Status.OPEN ? deadline : forgetAt;
    }
}
