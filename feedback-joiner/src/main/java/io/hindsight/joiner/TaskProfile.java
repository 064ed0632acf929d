package io.hindsight.joiner;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesFeedback;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.digits.DigitsFeedback;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.schema.Parsed;
import java.nio.charset.StandardCharsets;

/**
 * What differs between tasks for the joiner: how raw feedback is read, whether outputs are scored as a
 * regression (errors) or a classification (correct or not, and a confusion matrix over {@link #classes}),
 * and the buckets of the predicted-value histogram (one per class for a classifier).
 *
 * <p>A classifier is a reader and a class count ({@link #classifier}): rps plugs in as
 * {@code classifier(Task.RPS, TaskProfile::readRps, 3)} once contracts has its feedback reader.
 *
 * @param classes the label space of a classifier; null for a regression
 */
record TaskProfile(Task task, FeedbackReader reader, Classes classes, double[] predictedBuckets) {

    /** Reads one raw feedback record; never throws, every failure is a list of field errors. */
    @FunctionalInterface
    interface FeedbackReader {
        Parsed<GroundTruth> read(byte[] value, long recordTimestampMs);
    }

    /** Calories range from ~1 to ~315 kcal in the training data; the last finite bucket catches outliers. */
    static final double[] CALORIES_BUCKETS = {10, 25, 50, 75, 100, 125, 150, 175, 200, 250, 300, 400};

    static TaskProfile of(Task task) {
        return switch (task) {
            case CALORIES -> regression(task, TaskProfile::readCalories, CALORIES_BUCKETS);
            case DIGITS -> classifier(task, TaskProfile::readDigits, DigitsWire.CLASSES);
            case RPS -> throw new IllegalArgumentException(
                    "the feedback joiner cannot read " + task.id() + " feedback yet: contracts has no wire reader for it");
        };
    }

    static TaskProfile regression(Task task, FeedbackReader reader, double[] predictedBuckets) {
        return new TaskProfile(task, reader, null, predictedBuckets.clone());
    }

    /** Ground truth and predictions are class indices {@code 0..classes-1}. */
    static TaskProfile classifier(Task task, FeedbackReader reader, int classes) {
        Classes c = new Classes(classes);
        return new TaskProfile(task, reader, c, c.buckets());
    }

    boolean classifier() {
        return classes != null;
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

    /** The schema bounds the label to 0..9, so a valid record's truth is always one of the classes. */
    private static Parsed<GroundTruth> readDigits(byte[] value, long recordTimestampMs) {
        Parsed<DigitsFeedback> parsed = DigitsWire.FEEDBACK.read(value);
        if (!parsed.isOk()) {
            return Parsed.failed(parsed.errors());
        }
        DigitsFeedback f = parsed.value();
        return Parsed.ok(new GroundTruth(f.id(), f.label(), f.eventTimeMs(recordTimestampMs),
                new String(value, StandardCharsets.UTF_8)));
    }
}
