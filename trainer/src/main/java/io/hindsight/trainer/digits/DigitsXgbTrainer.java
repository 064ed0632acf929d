package io.hindsight.trainer.digits;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.trainer.data.RangeReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the digits challenger: Tribuo XGBoost classification on the 784 pixels (family {@value #FAMILY},
 * format Tribuo protobuf). Features are named {@code p000}..{@code p783} (row-major) and every example carries
 * all 784 values, zeros included, as the predictor builds them: XGBoost treats an absent feature as missing,
 * not as 0, so leaving zeros out in one place and not the other would change the trees' answers. Labels are
 * "0".."9". Trained and evaluated the RPS Quest way ({@link DigitsEvaluation}: chronological hold-out, a
 * label-stratified fit with validation, 3-fold cross-validation), on the first N train digits plus any labelled
 * live drawings ({@link DigitsLiveDataset}); the published model is also scored on all holdout digits, and the
 * shipped model is the one scored.
 */
public final class DigitsXgbTrainer {
    public static final String FAMILY = "xgboost";
    /** The pixel feature names, row-major: p000 .. p783. */
    public static final List<String> FEATURES = featureNames();
    private static final String[] NAMES = FEATURES.toArray(String[]::new);
    private static final LabelFactory FACTORY = new LabelFactory();
    private static final int PREDICT_BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(DigitsXgbTrainer.class);

    private final DigitsXgbConfig config;

    public DigitsXgbTrainer(DigitsXgbConfig config) {
        this.config = config;
    }

    /**
     * The B configuration on the first N train digits of {@code data}, through {@link DigitsEvaluation}'s three
     * steps (what the first start publishes as B).
     */
    public DigitsTrainedModel train(DigitsDataset data, String codeVersion) {
        return train(data, DigitsLiveDataset.none(), codeVersion);
    }

    /**
     * The pool — the first {@code maxTrainDigits} train digits of {@code data} (topic order), then the labelled live
     * drawings (request time order) — through {@link DigitsEvaluation}'s three steps; the published model is step 2's,
     * scored on all holdout digits of {@code data}. The version records the ranges of both datasets.
     */
    public DigitsTrainedModel train(DigitsDataset data, DigitsLiveDataset live, String codeVersion) {
        if (data.holdout().count() == 0) {
            throw new IllegalArgumentException("no holdout digits to score the model on");
        }
        int mnist = data.trainDigits(config.maxTrainDigits());
        MnistDigits pool = DigitsEvaluation.pool(data.train(), mnist, live.drawings());
        if (pool.count() < DigitsEvaluation.MIN_DIGITS) {
            throw new IllegalArgumentException("too few digits to train and evaluate on: " + pool.count() + " (at least "
                    + DigitsEvaluation.MIN_DIGITS + ")");
        }
        long t0 = System.nanoTime();
        DigitsEvaluation.Result r = DigitsEvaluation.evaluate(this::fit, pool, mnist, config.seed());
        Model<Label> model = r.published();
        MnistDigits fitted = DigitsEvaluation.subset(pool, r.publishedTrain(), pool.source() + " (published: label-stratified 80%)");

        float[] probabilities = probabilities(model, data.holdout(), 0, data.holdout().count());
        Map<String, Double> metrics = new LinkedHashMap<>(DigitsMetrics.holdout(probabilities, data.holdout()));
        metrics.putAll(r.metrics());
        double trainSeconds = r.metrics().get(DigitsMetrics.TRAINING_SECONDS);
        byte[] artifact = model.serialize().toByteArray();
        String sha = Sha256.hex(artifact);
        List<TrainingRange> ranges = new ArrayList<>(data.ranges());
        ranges.addAll(live.ranges());
        Map<String, Object> provenance = provenance(model, data, fitted.count(), trainSeconds);
        if (!live.ranges().isEmpty()) {
            provenance.put("dataSource", RangeReader.describe(ranges));
            provenance.put("trainingDigits", data.describeForProvenance());
        }
        provenance.put("live", live.describeForProvenance());
        provenance.put("poolDigits", pool.count());
        provenance.put("mnistDigits", mnist);
        provenance.put("liveDrawings", live.drawings().count());
        provenance.put("trainSelection", "the pool: the first " + mnist + " digits of the train split in topic order, then "
                + live.drawings().count() + " labelled live drawings in request time order; the published model fits on "
                + "a seeded label-stratified " + Math.round(100 * (1 - DigitsEvaluation.VALIDATION)) + "% of it ("
                + fitted.count() + " digits)");
        provenance.put("splitSeed", config.seed());
        provenance.put("evaluation", r.details());
        ModelVersion metadata = new ModelVersion("digits-" + FAMILY + "-" + sha.substring(0, 12), Task.DIGITS.id(), FAMILY,
                System.currentTimeMillis(), ModelVersion.TRIBUO_PROTOBUF, sha, artifact.length, FEATURES, metrics,
                provenance, ranges, codeVersion, DigitsReference.of(fitted, fitted.count()))
                .withPerformance(ConfidenceCalibration.fit(probabilities, data.holdout()));
        log.info("trained {} on {} of {} pool digits ({} live) in {} s ({} rounds, depth {}; {} s with the evaluation): holdout "
                        + "accuracy {} log loss {} on {} digits", metadata.version(), fitted.count(), pool.count(),
                live.drawings().count(), String.format("%.1f", trainSeconds), config.rounds(), config.maxDepth(),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9),
                String.format("%.4f", metrics.get(DigitsMetrics.HOLDOUT_ACCURACY)),
                String.format("%.4f", metrics.get(DigitsMetrics.HOLDOUT_LOG_LOSS)), data.holdout().count());
        return new DigitsTrainedModel(metadata, artifact);
    }

    /**
     * How versions before the three-step evaluation were trained, kept so that {@code models rebuild} reproduces
     * them: one fit on the first {@code maxTrainDigits} train digits, scored on all holdout digits.
     */
    public DigitsTrainedModel trainOnFirstDigits(DigitsDataset data, String codeVersion) {
        if (data.holdout().count() == 0) {
            throw new IllegalArgumentException("no holdout digits to score the model on");
        }
        int n = data.trainDigits(config.maxTrainDigits());
        if (n < 10) {
            throw new IllegalArgumentException("too few train digits: " + n);
        }
        long t0 = System.nanoTime();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(data.source() + " first " + n + " train digits", FACTORY), FACTORY);
        for (int i = 0; i < n; i++) {
            dataset.add(example(data.train(), i));
        }
        Model<Label> model = xgboost().train(dataset);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;

        float[] probabilities = probabilities(model, data.holdout(), 0, data.holdout().count());
        Map<String, Double> metrics = new LinkedHashMap<>(DigitsMetrics.holdout(probabilities, data.holdout()));
        metrics.put(DigitsMetrics.TRAINING_SECONDS, trainSeconds);
        byte[] artifact = model.serialize().toByteArray();
        String sha = Sha256.hex(artifact);
        ModelVersion metadata = new ModelVersion("digits-" + FAMILY + "-" + sha.substring(0, 12), Task.DIGITS.id(), FAMILY,
                System.currentTimeMillis(), ModelVersion.TRIBUO_PROTOBUF, sha, artifact.length, FEATURES, metrics,
                provenance(model, data, n, trainSeconds), data.ranges(), codeVersion,
                DigitsReference.of(data.train(), n)).withPerformance(ConfidenceCalibration.fit(probabilities, data.holdout()));
        log.info("trained {} on {} digits in {} s ({} rounds, depth {}): holdout accuracy {} log loss {} on {} digits",
                metadata.version(), n, String.format("%.1f", trainSeconds), config.rounds(), config.maxDepth(),
                String.format("%.4f", metrics.get(DigitsMetrics.HOLDOUT_ACCURACY)),
                String.format("%.4f", metrics.get(DigitsMetrics.HOLDOUT_LOG_LOSS)), data.holdout().count());
        return new DigitsTrainedModel(metadata, artifact);
    }

    /** One fit of this configuration on all of {@code digits} (in their order). */
    Model<Label> fit(MnistDigits digits) {
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(digits.source(), FACTORY), FACTORY);
        for (int i = 0; i < digits.count(); i++) {
            dataset.add(example(digits, i));
        }
        return xgboost().train(dataset);
    }

    /** Digit i as a labelled example: all 784 pixels in 0..1, zeros included. */
    public static Example<Label> example(MnistDigits digits, int i) {
        return new ArrayExample<>(new Label(Integer.toString(digits.label(i))), NAMES, pixels(digits, i));
    }

    /** Row-major [to-from, 10] class probabilities of digits from..to-1, predicted in batches. */
    public static float[] probabilities(Model<Label> model, MnistDigits digits, int from, int to) {
        float[] out = new float[(to - from) * DigitsCnn.CLASSES];
        for (int start = from; start < to; start += PREDICT_BATCH) {
            int end = Math.min(to, start + PREDICT_BATCH);
            List<Example<Label>> batch = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                batch.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, NAMES, pixels(digits, i)));
            }
            List<Prediction<Label>> predictions = model.predict(batch);
            for (int j = 0; j < predictions.size(); j++) {
                for (Map.Entry<String, Label> e : predictions.get(j).getOutputScores().entrySet()) {
                    out[(start - from + j) * DigitsCnn.CLASSES + Integer.parseInt(e.getKey())] = (float) e.getValue().getScore();
                }
            }
        }
        return out;
    }

    private static double[] pixels(MnistDigits digits, int i) {
        byte[] px = digits.pixels();
        double[] v = new double[DigitPreprocessing.PIXELS];
        int base = i * DigitPreprocessing.PIXELS;
        for (int p = 0; p < v.length; p++) {
            v[p] = (px[base + p] & 0xFF) / 255f; // the same float the CNN and the serving path see
        }
        return v;
    }

    private XGBoostClassificationTrainer xgboost() {
        // hist: far faster than exact on 784 features; gamma 0, min child weight 1, lambda 1, alpha 0 (XGBoost defaults).
        return new XGBoostClassificationTrainer(BoosterType.GBTREE, TreeMethod.HIST, config.rounds(), config.eta(), 0.0,
                config.maxDepth(), 1.0, config.subsample(), config.featureSubsample(), 1.0, 0.0, config.threads(),
                LoggingVerbosity.SILENT, config.seed());
    }

    private Map<String, Object> provenance(Model<Label> model, DigitsDataset data, int n, double trainSeconds) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("trainer", "tribuo XGBoostClassificationTrainer, tree_method=hist, objective=multi:softprob, 784 dense pixel features");
        p.put("config", config.asMap());
        p.put("seed", config.seed());
        p.putAll(data.describeForProvenance());
        p.put("trainDigits", n);
        p.put("trainSelection", "the first " + n + " digits of the train split, in topic order");
        // (the three-step path replaces trainSelection and adds the pool, the live data and the evaluation)
        p.put("holdout", "all " + data.holdout().count() + " digits of the holdout split, never trained on");
        p.put("features", "p000..p783 = pixel (row, col) at row*28+col, 0..1 ink high, all 784 present (zeros included)");
        p.put("trainSeconds", trainSeconds);
        p.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        p.put("tribuo", tribuoProvenance(model));
        return p;
    }

    private static Object tribuoProvenance(Model<Label> model) {
        try {
            return ProvenanceUtil.convertToMap(model.getProvenance());
        } catch (RuntimeException e) {
            return ProvenanceUtil.formattedProvenanceString(model.getProvenance());
        }
    }

    private static List<String> featureNames() {
        List<String> names = new ArrayList<>(DigitPreprocessing.PIXELS);
        for (int i = 0; i < DigitPreprocessing.PIXELS; i++) {
            names.add(String.format("p%03d", i));
        }
        return List.copyOf(names);
    }
}
