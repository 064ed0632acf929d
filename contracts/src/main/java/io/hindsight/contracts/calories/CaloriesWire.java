package io.hindsight.contracts.calories;

import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;

/** Readers of the calories wire formats, bound to their JSON Schemas. Thread-safe; build once. */
public final class CaloriesWire {
    public static final WireReader<CaloriesRecord> REQUEST =
            new WireReader<>(Topics.calories().requests().schema(), CaloriesRecord.class);
    public static final WireReader<CaloriesFeedback> FEEDBACK =
            new WireReader<>(Topics.calories().feedback().schema(), CaloriesFeedback.class);

    private CaloriesWire() {
    }
}
