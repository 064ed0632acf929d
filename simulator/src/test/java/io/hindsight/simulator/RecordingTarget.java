package io.hindsight.simulator;

import io.hindsight.contracts.json.Json;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import tools.jackson.databind.JsonNode;

/** An in-memory target: keeps every body it was sent; fails the requests a rule picks; may answer with a body. */
final class RecordingTarget implements Target {
    final List<JsonNode> predicts = new CopyOnWriteArrayList<>();
    final List<JsonNode> feedbacks = new CopyOnWriteArrayList<>();
    private final AtomicLong calls = new AtomicLong();
    private final LongFunction<String> failure;
    private final Function<JsonNode, byte[]> answer;

    /**
     * @param failure given the 0-based number of the predict call, an error kind or null to answer
     * @param answer  the answer body to a request, or null for none (as Kafka)
     */
    RecordingTarget(LongFunction<String> failure, Function<JsonNode, byte[]> answer) {
        this.failure = failure;
        this.answer = answer;
    }

    RecordingTarget(LongFunction<String> failure) {
        this(failure, r -> null);
    }

    RecordingTarget() {
        this(n -> null);
    }

    @Override
    public Outcome predict(String key, byte[] json) {
        String kind = failure.apply(calls.getAndIncrement());
        if (kind != null) {
            return Outcome.failed(kind);
        }
        JsonNode request = Json.tree(json);
        predicts.add(request);
        return Outcome.ok(answer.apply(request));
    }

    @Override
    public Outcome feedback(String key, byte[] json) {
        feedbacks.add(Json.tree(json));
        return Outcome.OK;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
    }
}
