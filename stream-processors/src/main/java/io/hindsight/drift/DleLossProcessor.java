package io.hindsight.drift;

import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.prediction.ModelOutput;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DLE's per-output step: for a calories request joined with its prediction, every output (served and shadows)
 * whose model version names a nanny ({@code ModelVersion.performance.dleArtifactSha256}) becomes the squared log
 * error that nanny expects of it, keyed task/family/version/alias. Outputs of versions without a nanny, or whose
 * nanny bytes have not arrived or do not load, are counted ({@code hindsight.estimated.skipped}) and skipped.
 */
final class DleLossProcessor implements Processor<String, DleInput, String, SeriesValue> {
    private static final Logger log = LoggerFactory.getLogger(DleLossProcessor.class);
    private final String task;
    private final DriftMeters meters;
    private final DleNannies nannies = new DleNannies();
    private ProcessorContext<String, SeriesValue> context;
    private final RegistryView registry;
    private KeyValueStore<String, byte[]> nannyBytes;

    DleLossProcessor(String task, DriftMeters meters, RegistryView registry) {
        this.registry = registry;
        this.task = task;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, SeriesValue> context) {
        this.context = context;
        registry.init(context);
        this.nannyBytes = context.getStateStore(RegistryStores.NANNIES_STORE);
    }

    @Override
    public void process(Record<String, DleInput> record) {
        DleInput in = record.value();
        List<ModelOutput> all = new ArrayList<>();
        all.add(in.prediction().served());
        all.addAll(in.prediction().shadows());
        for (ModelOutput o : all) {
            if (o == null || !Double.isFinite(o.value())) {
                continue;
            }
            ModelVersion v = registry.version(o.version());
            PerformanceReference ref = v == null ? null : v.performance();
            if (ref == null || !ref.hasDle()) {
                meters.estimateSkipped(DriftMeters.NO_NANNY);
                continue;
            }
            double loss;
            try {
                DleNannies.Nanny nanny = nannies.get(ref.dleArtifactSha256(), () -> nannyBytes.get(ref.dleArtifactSha256()));
                if (nanny == null) {
                    meters.estimateSkipped(DriftMeters.NO_NANNY);
                    continue;
                }
                loss = nanny.squaredLogError(in.request(), o.value());
            } catch (Exception e) {
                log.debug("DLE nanny {} of {} failed: {}", ref.dleArtifactSha256(), o.version(), e.toString());
                meters.estimateSkipped(DriftMeters.NANNY_FAILED);
                continue;
            }
            if (Double.isNaN(loss)) {
                meters.estimateSkipped(DriftMeters.NANNY_FAILED);
                continue;
            }
            context.forward(record.withKey(task + "/" + o.family() + "/" + o.version() + "/" + o.alias())
                    .withValue(new SeriesValue(o.family(), o.version(), o.alias(), loss)));
        }
    }
}
