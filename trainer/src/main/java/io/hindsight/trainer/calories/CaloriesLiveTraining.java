package io.hindsight.trainer.calories;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.trainer.model.TrainedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a calories model version on live data: the labelled rows of a {@link CaloriesLiveDataset}, the
 * {@link CaloriesEvaluation} three steps, and metadata that records the exact offset ranges
 * ({@link ModelVersion#trainingRanges()}), the join's counts and the evaluation, so {@code models rebuild}
 * replays the same ranges with the same configuration and seed.
 */
public final class CaloriesLiveTraining {
    private CaloriesLiveTraining() {
    }

    /** Reads {@code ranges} (empty: everything committed on both topics) and trains. */
    public static TrainedModel train(String bootstrapServers, List<TrainingRange> ranges, CaloriesTrainerConfig config,
                                     String codeVersion, CaloriesProgress progress) {
        return train(CaloriesLiveDataset.read(bootstrapServers, ranges), config, codeVersion, progress);
    }

    /**
     * @param codeVersion the build's version for the metadata, or null for the trainer jar's
     * @throws IllegalArgumentException when the data has fewer than {@link CaloriesEvaluation#MIN_ROWS} labelled rows
     */
    public static TrainedModel train(CaloriesLiveDataset data, CaloriesTrainerConfig config, String codeVersion,
                                     CaloriesProgress progress) {
        if (data.rows().size() < CaloriesEvaluation.MIN_ROWS) {
            throw new IllegalArgumentException("only " + data.rows().size() + " labelled calories rows in "
                    + (data.ranges().isEmpty() ? data.source() : data.ranges()) + " (" + data.counts()
                    + "); training needs at least " + CaloriesEvaluation.MIN_ROWS);
        }
        long splitSeed = config.seed();
        CaloriesEvaluation.Result r = CaloriesEvaluation.evaluate(config, data.rows(), data.source(), splitSeed, progress);
        ModelVersion m = r.published().metadata();

        Map<String, Double> metrics = new LinkedHashMap<>(m.metrics());
        metrics.putAll(r.metrics()); // holdout_* now means step 1's chronological hold-out
        Map<String, Object> provenance = new LinkedHashMap<>(m.provenance());
        provenance.put("dataSource", data.source());
        provenance.put("data", data.describeForProvenance());
        provenance.put("rows", data.rows().size());
        provenance.put("holdout", "holdout_* metrics: step 1, chronological last 20% of " + data.rows().size()
                + " rows; the published model trained on " + r.published().metadata().provenance().get("trainRows")
                + " rows and was validated on the stratified other " + r.metrics().get(CaloriesEvaluation.VALIDATION_ROWS).intValue());
        provenance.put("holdoutRows", r.metrics().get(CaloriesEvaluation.HOLDOUT_ROWS).intValue());
        provenance.put("validationRows", r.metrics().get(CaloriesEvaluation.VALIDATION_ROWS).intValue());
        provenance.put("splitSeed", splitSeed);
        provenance.put("evaluation", r.details());
        ModelVersion metadata = new ModelVersion(m.version(), m.task(), m.family(), m.createdAt(), m.format(),
                m.artifactSha256(), m.artifactBytes(), m.features(), metrics, provenance, data.ranges(),
                codeVersion == null ? m.codeVersion() : codeVersion, m.reference(), m.performance());
        // the sidecars (the DLE nanny CaloriesTrainer fits on step 2's validation rows) go along unchanged
        return new TrainedModel(metadata, r.published().artifact(), r.published().model(), r.published().sidecars());
    }
}
