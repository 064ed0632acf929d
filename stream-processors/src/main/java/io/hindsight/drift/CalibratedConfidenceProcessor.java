package io.hindsight.drift;

import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * CBPE's per-output step: every output with class probabilities (served and shadows) becomes its series' chance
 * of being right, the top-class probability passed through the calibration stored with its model version
 * ({@code ModelVersion.performance}), or the raw probability when the version has none (uploaded ONNX, older
 * models). Keyed task/family/version/alias.
 */
final class CalibratedConfidenceProcessor implements Processor<String, PredictionRecord, String, SeriesValue> {
    private final String task;
    private ProcessorContext<String, SeriesValue> context;
    private final RegistryView registry;

    CalibratedConfidenceProcessor(String task, RegistryView registry) {
        this.registry = registry;
        this.task = task;
    }

    @Override
    public void init(ProcessorContext<String, SeriesValue> context) {
        this.context = context;
        registry.init(context);
    }

    @Override
    public void process(Record<String, PredictionRecord> record) {
        PredictionRecord p = record.value();
        List<ModelOutput> all = new ArrayList<>();
        all.add(p.served());
        all.addAll(p.shadows());
        for (ModelOutput o : all) {
            if (o == null || o.scores().isEmpty()) {
                continue;
            }
            ModelVersion v = registry.version(o.version());
            PerformanceReference ref = v == null ? null : v.performance();
            double top = ConfidenceSum.topProbability(o);
            double value = ref == null ? top : ref.calibrate(top);
            context.forward(record.withKey(task + "/" + o.family() + "/" + o.version() + "/" + o.alias())
                    .withValue(new SeriesValue(o.family(), o.version(), o.alias(), value)));
        }
    }
}
