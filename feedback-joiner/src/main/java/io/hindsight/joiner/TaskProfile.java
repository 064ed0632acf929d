package io.hindsight.joiner;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesFeedback;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.schema.Parsed;
import java.nio.charset.StandardCharsets;

/**
 * What differs between tasks for the joiner: how raw feedback is read, whether outputs are scored as a
 * regression (errors) or a classification (correct or not), and the buckets of the predicted-value
 * histogram. Digits and rps plug in here once contracts has their feedback readers.
 */
record TaskProfile(Task task, FeedbackReader reader, boolean classifier, double[] predictedBuckets) {

    /** Reads one raw feedback record; never throws, every failure is a list of field errors. */
    @FunctionalInterface
    interface FeedbackReader {
        Parsed<GroundTruth> read(byte[] value, long recordTimestampMs);
    }

    /** Calories range from ~1 to ~315 kcal in the training data; the last finite bucket catches outliers. */
    static final double[] CALORIES_BUCKETS = {10, 25, 50, 75, 100, 125, 150, 175, 200, 250, 300, 400};

    static TaskProfile of(Task task) {
        return switch (task) {
            case CALORIES -> new TaskProfile(task, TaskProfile::readCalories, false, CALORIES_BUCKETS);
            case DIGITS, RPS -> throw new IllegalArgumentException(
                    "the feedback joiner cannot read " + task.id() + " feedback yet: contracts has no wire reader for it");
        };
    }

    private static Parsed<GroundTruth> readCalories(byte[] value, long recordTimestampMs) {
        Parsed<CaloriesFeedback> parsed = CaloriesWire.FEEDBACK.read(value);
        if (!parsed.isOk()) {
            return Parsed.failed(parsed.errors());
        }
        CaloriesFeedback f = parsed.value();
        return Parsed.ok(new GroundTruth(f.id(), f.calories(), f.eventTimeMs(recordTimestampMs),
                new String(value, StandardCharsets.UTF_8)));
    }
}
