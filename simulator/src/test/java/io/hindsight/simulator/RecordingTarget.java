package io.hindsight.simulator;

import io.hindsight.contracts.json.Json;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import tools.jackson.databind.JsonNode;

/** An in-memory target: keeps every body it was sent; fails the requests a rule picks. */
final class RecordingTarget implements Target {
    final List<JsonNode> predicts = new CopyOnWriteArrayList<>();
    final List<JsonNode> feedbacks = new CopyOnWriteArrayList<>();
    private final AtomicLong calls = new AtomicLong();
    private final LongFunction<String> failure;

    /** @param failure given the 0-based number of the predict call, an error kind or null to answer */
    RecordingTarget(LongFunction<String> failure) {
        this.failure = failure;
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
        predicts.add(Json.tree(json));
        return Outcome.OK;
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
