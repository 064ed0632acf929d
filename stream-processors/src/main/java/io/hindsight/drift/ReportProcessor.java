package io.hindsight.drift;

import io.hindsight.contracts.drift.DriftFeatures;
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

/**
 * Turns a closed window's bin counts into one {@link DriftReport} per feature, the reference read from the models
 * store by version.
 */
final class ReportProcessor implements Processor<Windowed<String>, FeatureWindowCounts, String, DriftReport> {
    private final DriftConfig config;
    private final DriftMeters meters;
    private final List<String> names;
    private ProcessorContext<String, DriftReport> context;
    private KeyValueStore<String, ModelVersion> models;

    ReportProcessor(DriftConfig config, DriftMeters meters) {
        this.config = config;
        this.names = DriftFeatures.names(config.task());
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, DriftReport> context) {
        this.context = context;
        this.models = context.getStateStore(RegistryStores.MODELS_STORE);
    }

    @Override
    public void process(Record<Windowed<String>, FeatureWindowCounts> record) {
        if (record.value() == null || record.value().counts() == null) {
            return;
        }
        String[] parts = record.key().key().split("/", 2); // task/version
        ModelVersion model = models.get(parts[1]);
        long[][] features = record.value().counts();
        for (int f = 0; f < features.length && f < names.size(); f++) {
            if (features[f] != null) {
                report(record, parts[0], names.get(f), parts[1], model, features[f]);
            }
        }
    }

    private void report(Record<Windowed<String>, FeatureWindowCounts> record, String task, String feature, String version,
                        ModelVersion model, long[] counts) {
        FeatureReference ref = model == null ? null : model.reference().get(feature);
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
        DriftReport report = new DriftReport(task, feature, record.key().window().start(), record.key().window().end(),
                version, n, ref.count(), psi, d, p, DriftStatistics.drifted(n, config.minSamples(), psi, d, p),
                ref.edges(), live, ref.proportions());
        meters.report(report);
        context.forward(new Record<>(report.key(), report, record.timestamp()));
    }
}
