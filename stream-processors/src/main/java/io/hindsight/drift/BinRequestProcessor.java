package io.hindsight.drift;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.schema.Parsed;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads one raw request, extracts its drift features and forwards the bin of the Production model's reference
 * each falls in, as one record keyed {@code task/referenceVersion} (so a window that spans a promotion reports
 * each reference separately). Invalid requests (the predictor DLQs them), digits drafts
 * and requests that arrive while the task has no Production model with a reference are counted, not binned.
 */
final class BinRequestProcessor<V> implements Processor<byte[], V, String, RequestBins> {
    private final Task task;
    private final Function<V, Parsed<double[]>> features;
    private final List<String> names;
    private final DriftMeters meters;
    private ProcessorContext<String, RequestBins> context;
    private final RegistryView registry;

    /** {@code features}: a request's drift features from the value read ({@code DriftFeatures.fromRequest} for bytes). */
    BinRequestProcessor(Task task, Function<V, Parsed<double[]>> features, DriftMeters meters, RegistryView registry) {
        this.features = features;
        this.registry = registry;
        this.task = task;
        this.names = DriftFeatures.names(task);
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, RequestBins> context) {
        this.context = context;
        registry.init(context);
    }

    @Override
    public void process(Record<byte[], V> record) {
        Parsed<double[]> parsed = features.apply(record.value());
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
        int[] bins = new int[names.size()];
        int[] sizes = new int[names.size()];
        for (int f = 0; f < names.size(); f++) {
            FeatureReference ref = production.reference().get(names.get(f));
            // null: a model trained before this feature was monitored
            bins[f] = ref == null ? -1 : ref.bin(values[f]);
            sizes[f] = ref == null ? 0 : ref.bins();
        }
        context.forward(new Record<>(task.id() + "/" + production.version(), new RequestBins(bins, sizes), record.timestamp()));
    }
}
