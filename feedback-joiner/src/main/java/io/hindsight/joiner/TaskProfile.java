package io.hindsight.joiner;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesFeedback;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.digits.DigitsFeedback;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsFeedback;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.rps.RpsWire;
import io.hindsight.contracts.schema.Parsed;
import java.nio.charset.StandardCharsets;

/**
 * What differs between tasks for the joiner: how raw feedback is read, whether outputs are scored as a
 * regression (errors) or a classification (correct or not, and a confusion matrix over {@link #classes}),
 * and the buckets of the predicted-value histogram (one per class for a classifier).
 *
 * <p>A classifier is a reader and a class count ({@link #classifier}). rps is the 3-class classifier of the
 * player's move (rock 0, paper 1, scissors 2); its reader also attaches the round's context
 * ({@link GroundTruth#rps()}), which is what makes {@link Scoring} add the bot's points and game outcome.
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
            case RPS -> classifier(task, TaskProfile::readRps, Move.COUNT);
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

    /** The schema bounds the move to rock/paper/scissors, so a valid record's truth is always a class. */
    static Parsed<GroundTruth> readRps(byte[] value, long recordTimestampMs) {
        Parsed<RpsFeedback> parsed = RpsWire.FEEDBACK.read(value);
        if (!parsed.isOk()) {
            return Parsed.failed(parsed.errors());
        }
        RpsFeedback f = parsed.value();
        RpsRound round = new RpsRound(roundValue(f), f.endsGame(), f.winner());
        return Parsed.ok(new GroundTruth(f.id(), f.playerMove().index(), f.eventTimeMs(recordTimestampMs),
                new String(value, StandardCharsets.UTF_8), round));
    }

    /**
     * The value the feedback states; else the one the rules derive from (game id, round), read from the
     * feedback's fields or its "gameId:round" id, as a bare {id, move} from any client has only those.
     * Null when none of that is there: the output is then scored for its move but earns no points.
     */
    static Double roundValue(RpsFeedback f) {
        if (f.value() != null) {
            return f.value();
        }
        if (f.gameId() != null && f.round() != null) {
            return RpsRules.roundValue(f.gameId(), f.round());
        }
        int colon = f.id() == null ? -1 : f.id().lastIndexOf(':');
        if (colon <= 0 || colon == f.id().length() - 1) {
            return null;
        }
        try {
            int round = Integer.parseInt(f.id().substring(colon + 1));
            return round < 1 ? null : RpsRules.roundValue(f.id().substring(0, colon), round);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
