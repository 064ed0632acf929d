package io.hindsight.predictor.batch;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.predictor.dedupe.SeenRequests;
import io.hindsight.predictor.registry.LoadedModel;
import io.hindsight.predictor.registry.RawOutput;
import io.hindsight.predictor.registry.ServingModels;
import io.hindsight.predictor.task.ServingInput;
import io.hindsight.predictor.task.TaskServing;
import io.hindsight.contracts.json.Utf8;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one batch of raw requests into dead letters and prediction records: validates each value against
 * the task's request schema, answers ids seen before (or earlier in the batch) with their original
 * prediction, and predicts the rest in one call per model: with the task's Production model, or (rps) with
 * the model each request names, falling back to a uniform answer when it is not loaded. Pure: no Kafka I/O,
 * so it is tested without a broker.
 */
public final class BatchPlanner {
    private static final Logger log = LoggerFactory.getLogger(BatchPlanner.class);

    private final TaskServing task;

    public BatchPlanner(TaskServing task) {
        this.task = task;
    }

    public BatchPlan plan(List<ConsumerRecord<byte[], byte[]>> records, ServingModels models, SeenRequests seen, long nowMs) {
        if (models.production() == null && !task.routesPerRequest()) {
            throw new IllegalStateException("no Production model: the predictor must not consume");
        }
        List<BatchPlan.Rejected> rejected = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> toPredict = new ArrayList<>();
        List<ServingInput> inputs = new ArrayList<>();
        Map<String, Integer> firstInBatch = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Parsed<ServingInput> parsed = parse(r);
            if (!parsed.isOk()) {
                rejected.add(new BatchPlan.Rejected(r, parsed.reason()));
                continue;
            }
            String id = parsed.value().id();
            var earlier = seen.lookup(id, nowMs);
            if (earlier.isPresent()) {
                slots.add(new Slot(earlier.get(), -1));
            } else if (firstInBatch.containsKey(id)) {
                slots.add(new Slot(null, firstInBatch.get(id))); // a replay of this batch's own prediction
            } else {
                firstInBatch.put(id, toPredict.size());
                slots.add(new Slot(null, toPredict.size()));
                toPredict.add(r);
                inputs.add(parsed.value());
            }
        }
        List<PredictionRecord> fresh = predict(toPredict, inputs, models, nowMs);
        List<PredictionRecord> out = new ArrayList<>(slots.size());
        boolean[] emitted = new boolean[fresh.size()];
        int replays = 0;
        for (Slot slot : slots) {
            if (slot.earlier() != null) {
                out.add(slot.earlier().asReplay());
                replays++;
            } else if (emitted[slot.index()]) {
                out.add(fresh.get(slot.index()).asReplay());
                replays++;
            } else {
                out.add(fresh.get(slot.index()));
                emitted[slot.index()] = true;
            }
        }
        return new BatchPlan(rejected, out, fresh, replays);
    }

    /**
     * {@link TaskServing#parse} promises field errors, never exceptions; this holds that promise for any bytes
     * whatsoever. One record that threw here would fail its batch on every retry and stop the predictor.
     */
    private Parsed<ServingInput> parse(ConsumerRecord<byte[], byte[]> r) {
        byte[] value = r.value();
        int bad = value == null ? -1 : Utf8.firstInvalid(value);
        if (bad >= 0) {
            return Parsed.failed(List.of(new FieldError("$", "not UTF-8: invalid byte 0x"
                    + Integer.toHexString(value[bad] & 0xFF) + " at offset " + bad)));
        }
        try {
            return task.parse(value);
        } catch (RuntimeException | StackOverflowError e) {
            log.warn("request {}-{}@{} could not be read: {}", r.topic(), r.partition(), r.offset(), e.toString());
            return Parsed.failed(List.of(new FieldError("$", "unreadable request: " + e)));
        }
    }

    /** One accepted request: answered by an earlier prediction, or by fresh prediction number {@code index}. */
    private record Slot(PredictionRecord earlier, int index) {
    }

    private List<PredictionRecord> predict(List<ConsumerRecord<byte[], byte[]>> sources, List<ServingInput> inputs,
                                           ServingModels models, long nowMs) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        List<Answer> answers = task.routesPerRequest()
                ? RoutedPrediction.predict(inputs, models, task.classes())
                : productionServed(inputs, models);
        String taskId = task.task().id();
        List<PredictionRecord> fresh = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            ServingInput in = inputs.get(i);
            Answer a = answers.get(i);
            fresh.add(new PredictionRecord(in.id(), taskId, a.served(), a.shadows(), sources.get(i).timestamp(), nowMs,
                    false, in.draft()));
        }
        return fresh;
    }

    /** The task's Production model serves every request; every other loaded model shadows it. */
    private List<Answer> productionServed(List<ServingInput> inputs, ServingModels models) {
        List<double[]> rows = new ArrayList<>(inputs.size());
        for (ServingInput in : inputs) {
            rows.add(in.features());
        }
        LoadedModel production = models.production();
        List<RawOutput> served = production.predict(rows); // a Production failure fails the batch: it is retried
        List<LoadedModel> shadowModels = new ArrayList<>();
        List<List<RawOutput>> shadowValues = new ArrayList<>();
        for (LoadedModel shadow : models.shadows()) {
            try {
                shadowValues.add(shadow.predict(rows));
                shadowModels.add(shadow);
            } catch (RuntimeException e) {
                // A shadow is only observed, never served: its failure must not cost a request.
                log.warn("shadow {} {} failed on a batch of {}: {}", shadow.alias(), shadow.version(), inputs.size(), e.getMessage());
            }
        }
        List<Answer> answers = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            List<ModelOutput> shadows = new ArrayList<>(shadowModels.size());
            for (int s = 0; s < shadowModels.size(); s++) {
                shadows.add(shadowModels.get(s).output(shadowValues.get(s).get(i)));
            }
            answers.add(new Answer(production.output(served.get(i)), shadows));
        }
        return answers;
    }
}
