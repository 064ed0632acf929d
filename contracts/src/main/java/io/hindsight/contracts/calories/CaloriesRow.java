package io.hindsight.contracts.calories;

/** A record with its measured calories: a training row, or a simulated request with its later truth. */
public record CaloriesRow(CaloriesRecord record, double calories) {
}
