package io.hindsight.trainer.rps;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsFeatures;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.publish.ModelPublisher;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one rps model — a family with one alias's configuration — through {@link RpsEvaluation}'s three steps,
 * and describes it as a {@link ModelVersion}: metrics of all steps, configuration and seed under
 * {@code provenance.config}, the exact offset ranges of {@code rps.rounds} it read. What
 * {@code hindsight train rps --family F --alias A [--from rps.rounds:0:S-E] [--seed N]} calls.
 */
public final class RpsTraining {
    /** Publishing rps models uses its own transactional id, so it cannot fence the digits or calories publishers. */
    public static final String TRANSACTIONAL_ID = "hindsight-model-publisher-rps";
    private static final Logger log = LoggerFactory.getLogger(RpsTraining.class);

    private RpsTraining() {
    }

    /**
     * Reads {@code ranges} of {@code rps.rounds} (empty: everything committed) and trains {@code family} with
     * {@code alias}'s configuration ({@link RpsSweep}); nothing is published.
     *
     * @param seed        replaces the configuration's seed; null keeps it
     * @param djlCacheDir where DJL keeps libtorch (brian only); null for DJL's default
     * @param codeVersion the build version stored with the model; may be null
     */
    public static RpsTrainedModel train(String bootstrapServers, String family, String alias, List<TrainingRange> ranges,
                                        Long seed, Path djlCacheDir, String codeVersion, TrainingProgress progress) {
        RpsModelConfig config = RpsSweep.config(family, alias);
        if (seed != null) {
            config = config.withSeed(seed);
        }
        return train(RpsDataset.read(bootstrapServers, ranges), config, djlCacheDir, codeVersion, progress);
    }

    /** As {@link #train(String, String, String, List, Long, Path, String, TrainingProgress)}, then publishes it as {@code alias}. */
    public static RpsTrainedModel trainAndPublish(String bootstrapServers, String family, String alias,
                                                  List<TrainingRange> ranges, Long seed, Path djlCacheDir,
                                                  String codeVersion, TrainingProgress progress) {
        RpsTrainedModel model = train(bootstrapServers, family, alias, ranges, seed, djlCacheDir, codeVersion, progress);
        model.publish(new ModelPublisher(bootstrapServers, TRANSACTIONAL_ID), List.of(alias),
                "hindsight train rps --family " + family + " --alias " + alias + " on " + model.metadata().trainingRanges());
        return model;
    }

    /** Trains on rounds already read (tests, the first start, rebuilds). */
    public static RpsTrainedModel train(RpsDataset data, RpsModelConfig config, Path djlCacheDir, String codeVersion,
                                        TrainingProgress progress) {
        long t0 = System.nanoTime();
        List<RpsExample> rounds = data.trainable();
        RpsFamilyTrainer trainer = config instanceof BrianConfig b ? new BrianTrainer(b, djlCacheDir) : RpsFamilyTrainer.of(config);
        RpsEvaluation.Result result = RpsEvaluation.evaluate(trainer, rounds, config.seed(), progress);
        FittedRps fitted = result.published();
        String sha = Sha256.hex(fitted.artifact());
        ModelVersion metadata = new ModelVersion("rps-" + config.family() + "-" + sha.substring(0, 12), Task.RPS.id(),
                config.family(), System.currentTimeMillis(), fitted.format(), sha, fitted.artifact().length,
                RpsFeatures.NAMES, result.metrics(), provenance(trainer, data, result), data.ranges(), codeVersion);
        log.info("trained {} ({}) on {} rounds in {} s: hold-out accuracy {}, validation accuracy {}, CV {} +- {}",
                metadata.version(), config.asMap(), rounds.size(), String.format("%.1f", (System.nanoTime() - t0) / 1e9),
                fmt(result.metrics().get(RpsEvaluation.HOLDOUT_ACCURACY)),
                fmt(result.metrics().get(RpsEvaluation.VALIDATION_ACCURACY)),
                fmt(result.metrics().get(RpsEvaluation.CV_ACCURACY_MEAN)), fmt(result.metrics().get(RpsEvaluation.CV_ACCURACY_STD)));
        return new RpsTrainedModel(metadata, fitted.artifact());
    }

    private static Map<String, Object> provenance(RpsFamilyTrainer trainer, RpsDataset data, RpsEvaluation.Result result) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("trainer", trainer.description());
        p.put("config", trainer.config().asMap());
        p.put("seed", trainer.config().seed());
        p.putAll(data.describeForProvenance());
        p.put("evaluation", result.details());
        p.put("labels", "class index as text: 0 rock, 1 paper, 2 scissors");
        p.put("features", RpsFeatures.COUNT + " features, RpsFeatures order; models predict from round "
                + (RpsRules.GAMBIT_ROUNDS + 1));
        Map<String, Object> libs = new LinkedHashMap<>();
        libs.put("tribuo", org.tribuo.Tribuo.VERSION);
        libs.put("onnxruntime", ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
        p.put("libraries", libs);
        p.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return p;
    }

    private static String fmt(Double d) {
        return d == null ? "?" : String.format("%.4f", d);
    }
}
