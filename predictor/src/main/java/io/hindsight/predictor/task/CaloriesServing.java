package io.hindsight.predictor.task;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.schema.Parsed;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Calories: a schema-checked exercise record, gradient-boosted regression on log1p(kcal). */
final class CaloriesServing implements TaskServing {

    @Override
    public Task task() {
        return Task.CALORIES;
    }

    @Override
    public Parsed<ServingInput> parse(byte[] value) {
        Parsed<CaloriesRecord> parsed = CaloriesWire.REQUEST.read(value);
        if (!parsed.isOk()) {
            return Parsed.failed(parsed.errors());
        }
        CaloriesRecord r = parsed.value();
        return Parsed.ok(new ServingInput(r.id(), CaloriesFeatures.vector(r), false));
    }

    @Override
    public List<String> featureNames() {
        return CaloriesFeatures.NAMES;
    }

    @Override
    public int classes() {
        return 0;
    }

    @Override
    public DoubleUnaryOperator regressionTarget() {
        return CaloriesFeatures::toCalories;
    }

    @Override
    public long[] onnxInputShape() {
        return null;
    }
}
