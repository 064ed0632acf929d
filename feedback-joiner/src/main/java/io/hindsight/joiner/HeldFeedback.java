package io.hindsight.joiner;

/** Feedback that arrived before its prediction was visible, held until {@code holdUntil}. */
record HeldFeedback(GroundTruth truth, long recordTs, long holdUntil) {
}
