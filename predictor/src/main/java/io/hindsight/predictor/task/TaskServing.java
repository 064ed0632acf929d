package io.hindsight.predictor.task;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.schema.Parsed;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** What differs between tasks for serving: how a raw request is read, and what the models must look like. */
public interface TaskServing {

    Task task();

    /** Reads one raw request record; never throws: every problem is a field error for the dead-letter topic. */
    Parsed<ServingInput> parse(byte[] value);

    /** Feature names for Tribuo models whose metadata lists none. */
    List<String> featureNames();

    /** 0 for a regression task, else the number of classes (class i is label "i"). */
    int classes();

    /**
     * The class index a classifier's label names, or -1 if it names none. Labels are the indices as text
     * ("0".."9"); rps also accepts move names ("rock", "paper", "scissors"), as a trainer may label them so.
     */
    default int classIndex(String label) {
        try {
            int c = Integer.parseInt(label);
            return c >= 0 && c < classes() ? c : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Maps a regression model's output back to the target (calories: the model predicts log1p kcal). */
    DoubleUnaryOperator regressionTarget();

    /** The ONNX input shape served, batch dimension first; null when the task serves no ONNX models. */
    long[] onnxInputShape();

    /**
     * True when each request names its model ({@link ServingInput#route()}) rather than the task's one
     * Production model serving all: the request's (family, alias) serves, the family's other loaded aliases
     * shadow, and a request whose model is not loaded gets a uniform fallback answer. Such a task is served
     * with no model loaded at all, so its predictor consumes from the start.
     */
    default boolean routesPerRequest() {
        return false;
    }

    /**
     * True when requests are keyed by request id like predictions, so request partition n's earlier
     * predictions are all on predictions partition n; else dedupe must read every predictions partition.
     */
    default boolean requestsKeyedByRequestId() {
        return true;
    }

    static TaskServing of(Task task) {
        return switch (task) {
            case CALORIES -> new CaloriesServing();
            case DIGITS -> new DigitsServing();
            case RPS -> new RpsServing();
        };
    }
}
