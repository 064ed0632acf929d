package io.hindsight.contracts.digits;

/**
 * What the person said the digit was: the value on {@code digits.feedback}. "Right" sends the guess back
 * as the label; "it was a 4" sends 4.
 *
 * @param ts when the person answered, epoch seconds; optional
 */
public record DigitsFeedback(String id, int label, Double ts) {

    /** Event time in epoch milliseconds, or the fallback when the client sent none. */
    public long eventTimeMs(long fallbackMs) {
        return ts == null ? fallbackMs : Math.round(ts * 1000.0);
    }
}
