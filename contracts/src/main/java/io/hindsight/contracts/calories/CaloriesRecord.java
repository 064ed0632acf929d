package io.hindsight.contracts.calories;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One exercise record, in the Kaggle Playground S5E5 schema and the seed-004 API: the value on
 * {@code calories.requests}. The id is the client's; numbers and strings are both accepted and kept as text.
 */
public record CaloriesRecord(
        @JsonProperty("id") String id,
        @JsonProperty("Sex") String sex,
        @JsonProperty("Age") double age,
        @JsonProperty("Height") double height,
        @JsonProperty("Weight") double weight,
        @JsonProperty("Duration") double duration,
        @JsonProperty("Heart_Rate") double heartRate,
        @JsonProperty("Body_Temp") double bodyTemp) {

    public CaloriesRecord withId(String newId) {
        return new CaloriesRecord(newId, sex, age, height, weight, duration, heartRate, bodyTemp);
    }
}
