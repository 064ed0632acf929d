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

    /** Maps a regression model's output back to the target (calories: the model predicts log1p kcal). */
    DoubleUnaryOperator regressionTarget();

    /** The ONNX input shape served, batch dimension first; null when the task serves no ONNX models. */
    long[] onnxInputShape();

    static TaskServing of(Task task) {
        return switch (task) {
            case CALORIES -> new CaloriesServing();
            case DIGITS -> new DigitsServing();
            case RPS -> throw new IllegalArgumentException("the predictor does not serve rps yet");
        };
    }
}
