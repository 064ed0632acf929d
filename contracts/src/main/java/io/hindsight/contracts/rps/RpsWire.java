package io.hindsight.contracts.rps;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;

/** Readers of the rps wire formats, bound to their JSON Schemas. Thread-safe; build once. */
public final class RpsWire {
    public static final WireReader<RpsCommand> COMMAND = new WireReader<>(Topics.RPS_MOVES.schema(), RpsCommand.class);
    public static final WireReader<RpsRequest> REQUEST =
            new WireReader<>(Topics.of(Task.RPS).requests().schema(), RpsRequest.class);
    public static final WireReader<RpsFeedback> FEEDBACK =
            new WireReader<>(Topics.of(Task.RPS).feedback().schema(), RpsFeedback.class);

    private RpsWire() {
    }
}
