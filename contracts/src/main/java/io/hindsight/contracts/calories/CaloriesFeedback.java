package io.hindsight.contracts.calories;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Measured calories for an earlier request: the value on {@code calories.feedback} and the body of the
 * seed-004 {@code POST /feedback}.
 *
 * @param ts when the truth was measured, epoch seconds (seed 004 sends Python's time.time()); optional
 */
public record CaloriesFeedback(
        @JsonProperty("id") String id,
        @JsonProperty("Calories") double calories,
        @JsonProperty("ts") Double ts) {

    /** Event time in epoch milliseconds, or the fallback when the client sent none. */
    public long eventTimeMs(long fallbackMs) {
        return ts == null ? fallbackMs : Math.round(ts * 1000.0);
    }
}
