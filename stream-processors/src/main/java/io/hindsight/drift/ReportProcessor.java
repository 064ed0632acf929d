package io.hindsight.drift;

import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.model.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Turns a closed window's bin counts into a {@link DriftReport}, the reference read from the models store by version. */
final class ReportProcessor implements Processor<Windowed<String>, FeatureCounts, String, DriftReport> {
    private final DriftConfig config;
    private final DriftMeters meters;
    private ProcessorContext<String, DriftReport> context;
    private KeyValueStore<String, ModelVersion> models;

    ReportProcessor(DriftConfig config, DriftMeters meters) {
        this.config = config;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, DriftReport> context) {
        this.context = context;
        this.models = context.getStateStore(RegistryStores.MODELS_STORE);
    }

    @Override
    public void process(Record<Windowed<String>, FeatureCounts> record) {
        if (record.value() == null || record.value().counts() == null) {
            return;
        }
        String[] parts = record.key().key().split("/", 3); // task/feature/version
        ModelVersion model = models.get(parts[2]);
        FeatureReference ref = model == null ? null : model.reference().get(parts[1]);
        long[] counts = record.value().counts();
        if (ref == null || ref.bins() != counts.length) {
            meters.skipped(DriftMeters.NO_REFERENCE); // the model version was deleted from the registry mid-window
            return;
        }
        long n = DriftStatistics.total(counts);
        double psi = DriftStatistics.psi(ref.proportions(), counts);
        double d = DriftStatistics.ksD(ref.proportions(), counts);
        double p = DriftStatistics.ksPValue(d, n, ref.count());
        List<Long> live = new ArrayList<>(counts.length);
        for (long c : counts) {
            live.add(c);
        }
        DriftReport report = new DriftReport(parts[0], parts[1], record.key().window().start(), record.key().window().end(),
                parts[2], n, ref.count(), psi, d, p, DriftStatistics.drifted(n, config.minSamples(), psi, d, p),
                ref.edges(), live, ref.proportions());
        meters.report(report);
        context.forward(new Record<>(report.key(), report, record.timestamp()));
    }
}
