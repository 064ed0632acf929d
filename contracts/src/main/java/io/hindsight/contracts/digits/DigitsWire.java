package io.hindsight.contracts.digits;

import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.contracts.Task;

/** Readers of the digits wire formats, bound to their JSON Schemas. Thread-safe; build once. */
public final class DigitsWire {
    public static final WireReader<DigitsRequest> REQUEST =
            new WireReader<>(Topics.of(Task.DIGITS).requests().schema(), DigitsRequest.class);
    public static final WireReader<DigitsFeedback> FEEDBACK =
            new WireReader<>(Topics.of(Task.DIGITS).feedback().schema(), DigitsFeedback.class);
    public static final WireReader<DigitExample> TRAINING =
            new WireReader<>(Topics.DIGITS_TRAINING.schema(), DigitExample.class);

    /** The ten classes, index = digit. */
    public static final int CLASSES = 10;

    private DigitsWire() {
    }
}
