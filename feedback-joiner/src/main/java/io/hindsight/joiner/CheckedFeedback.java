package io.hindsight.joiner;

/** A raw feedback record after validation: the ground truth, or the original bytes and why they were refused. */
record CheckedFeedback(GroundTruth truth, byte[] original, String reason) {

    static CheckedFeedback valid(GroundTruth truth) {
        return new CheckedFeedback(truth, null, null);
    }

    static CheckedFeedback invalid(byte[] original, String reason) {
        return new CheckedFeedback(null, original, reason);
    }

    boolean isValid() {
        return truth != null;
    }
}
