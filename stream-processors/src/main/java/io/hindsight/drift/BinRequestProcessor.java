package io.hindsight.drift;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.schema.Parsed;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads one raw request, extracts its drift features and forwards, per feature, the bin of the Production
 * model's reference it falls in, keyed {@code task/feature/referenceVersion} (so a window that spans a
 * promotion reports each reference separately). Invalid requests (the predictor DLQs them), digits drafts
 * and requests that arrive while the task has no Production model with a reference are counted, not binned.
 */
final class BinRequestProcessor implements Processor<byte[], byte[], String, FeatureObservation> {
    private final Task task;
    private final List<String> names;
    private final DriftMeters meters;
    private ProcessorContext<String, FeatureObservation> context;
    private final RegistryView registry;

    BinRequestProcessor(Task task, DriftMeters meters, RegistryView registry) {
        this.registry = registry;
        this.task = task;
        this.names = DriftFeatures.names(task);
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, FeatureObservation> context) {
        this.context = context;
        registry.init(context);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Parsed<double[]> parsed = DriftFeatures.fromRequest(task, record.value());
        if (!parsed.isOk()) {
            meters.skipped(DriftMeters.INVALID);
            return;
        }
        if (parsed.value() == null) {
            meters.skipped(DriftMeters.DRAFT);
            return;
        }
        ModelVersion production = registry.production(task.id());
        if (production == null || production.reference().isEmpty()) {
            meters.skipped(DriftMeters.NO_REFERENCE);
            return;
        }
        double[] values = parsed.value();
        for (int f = 0; f < names.size(); f++) {
            FeatureReference ref = production.reference().get(names.get(f));
            if (ref == null) {
                continue; // a model trained before this feature was monitored
            }
            String key = task.id() + "/" + names.get(f) + "/" + production.version();
            context.forward(new Record<>(key, new FeatureObservation(ref.bin(values[f]), ref.bins()), record.timestamp()));
        }
    }
}
