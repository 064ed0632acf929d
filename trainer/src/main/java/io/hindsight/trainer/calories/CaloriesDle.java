package io.hindsight.trainer.calories;

import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.drift.DleFeatures;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.trainer.model.TrainedModel;
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
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer.RegressionType;

/**
 * Direct loss estimation for a calories model, as NannyML's DLE: a "nanny" regressor, fitted on rows the
 * monitored model never saw (its holdout), predicts that model's squared log error from {@link DleFeatures}
 * (the 7 inputs and the model's log1p prediction). Live, the drift monitor runs the nanny on every prediction
 * and estimates a window's RMSLE as sqrt(mean predicted squared log error), before any measured calories arrive.
 * <p>
 * The nanny is small, shallow gradient boosting (Tribuo XGBoost, seeded), started from the mean loss
 * ({@code base_score}) so that its mean prediction is the holdout's mean loss even with few trees; its bytes are
 * a sidecar artifact of the model (Tribuo protobuf, content-addressed) that {@code ModelVersion.performance}
 * names.
 */
public final class CaloriesDle {
    public static final String TARGET = "squared_log_error";
    static final int TREES = 60;
    static final int MAX_DEPTH = 3;
    static final double ETA = 0.1;
    /** Rows per leaf at least (squared loss: hessian 1 per row); squared errors are heavy-tailed. */
    static final double MIN_CHILD_WEIGHT = 20;
    private static final Logger log = LoggerFactory.getLogger(CaloriesDle.class);
    private static final RegressionFactory FACTORY = new RegressionFactory();
    private static final String[] NAMES = DleFeatures.NAMES.toArray(String[]::new);

    private CaloriesDle() {
    }

    /** A fitted nanny: its bytes (Tribuo protobuf), their sha256, what goes on the model's metadata, and the live model. */
    public record Nanny(byte[] bytes, String sha256, PerformanceReference reference, Model<Regressor> model) {
    }

    /**
     * The hook for {@link CaloriesTrainer}: fits the nanny of {@code trained} on its held-out rows and returns it
     * with the nanny named in its metadata and added as a sidecar artifact.
     */
    public static TrainedModel attach(TrainedModel trained, List<CaloriesRow> holdout, long seed) {
        Nanny nanny = fit(trained.model(), holdout, seed);
        Map<String, TrainedModel.Sidecar> sidecars = new LinkedHashMap<>(trained.sidecars());
        sidecars.put(nanny.sha256(), new TrainedModel.Sidecar(PerformanceReference.DLE_NANNY, nanny.bytes()));
        return new TrainedModel(trained.metadata().withPerformance(nanny.reference()), trained.artifact(), trained.model(),
                sidecars);
    }

    /** Fits the nanny of {@code model} on {@code rows} (which it must not have been trained on). */
    public static Nanny fit(Model<Regressor> model, List<CaloriesRow> rows, long seed) {
        if (rows.size() < 2 * MIN_CHILD_WEIGHT) {
            throw new IllegalArgumentException("too few held-out rows for a DLE nanny: " + rows.size());
        }
        long t0 = System.nanoTime();
        List<CaloriesRecord> records = rows.stream().map(CaloriesRow::record).toList();
        double[] predicted = predictKcal(model, records);
        double[] loss = new double[rows.size()];
        double sum = 0;
        for (int i = 0; i < loss.length; i++) {
            loss[i] = DleFeatures.squaredLogError(predicted[i], rows.get(i).calories());
            sum += loss[i];
        }
        double mean = sum / loss.length;
        MutableDataset<Regressor> ds = new MutableDataset<>(
                new SimpleDataSourceProvenance("DLE nanny: held-out squared log errors, n=" + rows.size(), FACTORY), FACTORY);
        for (int i = 0; i < loss.length; i++) {
            ds.add(new ArrayExample<>(new Regressor(TARGET, loss[i]), NAMES, DleFeatures.vector(records.get(i), predicted[i])));
        }
        Model<Regressor> nanny = trainer(mean, seed).train(ds);
        byte[] bytes = nanny.serialize().toByteArray();
        String sha = Sha256.hex(bytes);
        double referenceRmsle = Math.sqrt(mean);
        log.info("DLE nanny {} fitted on {} held-out rows in {} ms ({} bytes): reference RMSLE {}, nanny estimate on them {}",
                sha.substring(0, 12), rows.size(), (System.nanoTime() - t0) / 1_000_000, bytes.length,
                String.format("%.4f", referenceRmsle),
                String.format("%.4f", estimatedRmsle(nanny, records, predicted)));
        return new Nanny(bytes, sha, PerformanceReference.dle(sha, DleFeatures.NAMES, referenceRmsle, rows.size()), nanny);
    }

    /** The nanny's squared log error for each prediction, floored at 0. */
    public static double[] estimatedLosses(Model<Regressor> nanny, List<CaloriesRecord> records, double[] predictedKcal) {
        List<Example<Regressor>> examples = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            examples.add(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, NAMES,
                    DleFeatures.vector(records.get(i), predictedKcal[i])));
        }
        List<Prediction<Regressor>> out = nanny.predict(examples);
        double[] loss = new double[out.size()];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = Math.max(0.0, out.get(i).getOutput().getValues()[0]);
        }
        return loss;
    }

    /** DLE's estimate over these predictions: sqrt(mean estimated squared log error). */
    public static double estimatedRmsle(Model<Regressor> nanny, List<CaloriesRecord> records, double[] predictedKcal) {
        double sum = 0;
        for (double l : estimatedLosses(nanny, records, predictedKcal)) {
            sum += l;
        }
        return DleFeatures.rmsle(sum, records.size());
    }

    static double[] predictKcal(Model<Regressor> model, List<CaloriesRecord> records) {
        List<Example<Regressor>> examples = new ArrayList<>(records.size());
        for (CaloriesRecord r : records) {
            examples.add(CaloriesExamples.unlabelled(r));
        }
        return CaloriesTrainer.predictKcal(model, examples);
    }

    private static XGBoostRegressionTrainer trainer(double baseScore, long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("eta", ETA);
        p.put("max_depth", MAX_DEPTH);
        p.put("min_child_weight", MIN_CHILD_WEIGHT);
        p.put("subsample", 0.8);
        p.put("base_score", baseScore);
        p.put("tree_method", "hist");
        p.put("nthread", 2);
        p.put("seed", (int) seed);
        p.put("verbosity", 0);
        return new XGBoostRegressionTrainer(RegressionType.LINEAR, TREES, p);
    }

    /** The nanny reads the served model's inputs first: the two contracts must stay in step. */
    static {
        if (!DleFeatures.NAMES.subList(0, CaloriesFeatures.NAMES.size()).equals(CaloriesFeatures.NAMES)) {
            throw new IllegalStateException("DLE features must start with the calories features");
        }
    }
}
