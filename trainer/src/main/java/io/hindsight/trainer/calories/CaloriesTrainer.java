package io.hindsight.trainer.calories;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.drift.DriftFeatures;
import io.hindsight.contracts.drift.FeatureReference;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.trainer.evaluation.RegressionMetrics;
import io.hindsight.trainer.model.TrainedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer.RegressionType;

/**
 * Trains the calories regressor: Tribuo XGBoost on log1p(kcal), holding out the chronologically last rows,
 * scoring them on the kcal scale, and packaging the model as Tribuo protobuf with its provenance. The
 * shipped model is the one that was scored (trained without the holdout), so its metrics are honest.
 */
public final class CaloriesTrainer {
    public static final String FAMILY = "xgboost";
    private static final Logger log = LoggerFactory.getLogger(CaloriesTrainer.class);

    private final CaloriesTrainerConfig config;

    public CaloriesTrainer(CaloriesTrainerConfig config) {
        this.config = config;
    }

    /** Trains on {@code rows} fresh rows of the Keytel 2005 generator seeded with {@code dataSeed}. */
    public TrainedModel trainOnGenerated(long dataSeed, int rows) {
        List<CaloriesRow> data = new CaloriesGenerator(dataSeed).next(rows);
        return train(data, "generator:keytel2005 seed=" + dataSeed + " n=" + rows);
    }

    /** Rows must be in time order: the last {@code holdoutFraction} of them is the holdout. */
    public TrainedModel train(List<CaloriesRow> rows, String dataSource) {
        int holdout = (int) Math.round(rows.size() * config.holdoutFraction());
        int cut = rows.size() - holdout;
        if (holdout < 1 || cut < 10) {
            throw new IllegalArgumentException("too few rows to train and hold out: " + rows.size());
        }
        long t0 = System.nanoTime();
        List<CaloriesRow> train = rows.subList(0, cut);
        List<CaloriesRow> test = rows.subList(cut, rows.size());
        Model<Regressor> model = xgboost().train(CaloriesExamples.dataset(train, dataSource));
        double trainSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Double> metrics = evaluate(model, test);
        byte[] artifact = model.serialize().toByteArray();
        String sha = Sha256.hex(artifact);
        ModelVersion metadata = new ModelVersion(
                "calories-" + FAMILY + "-" + sha.substring(0, 12), Task.CALORIES.id(), FAMILY, System.currentTimeMillis(),
                ModelVersion.TRIBUO_PROTOBUF, sha, artifact.length, CaloriesFeatures.NAMES, metrics,
                provenance(model, dataSource, train.size(), test.size(), trainSeconds), List.of(),
                CaloriesTrainer.class.getPackage().getImplementationVersion(), reference(train));
        log.info("trained {} on {} rows in {} s: holdout RMSLE {} MAE {} kcal ({} trees, depth {})",
                metadata.version(), train.size(), String.format("%.2f", trainSeconds),
                String.format("%.4f", metrics.get(RegressionMetrics.RMSLE)),
                String.format("%.2f", metrics.get(RegressionMetrics.MAE)), config.trees(), config.maxDepth());
        // DLE: a nanny fitted on the holdout estimates this model's RMSLE before measured calories arrive
        return CaloriesDle.attach(new TrainedModel(metadata, artifact, model), test, config.seed());
    }

    /** The drift reference: {@link DriftFeatures} histograms of the rows the model was fitted on. */
    static Map<String, FeatureReference> reference(List<CaloriesRow> train) {
        List<double[]> rows = new ArrayList<>(train.size());
        for (CaloriesRow r : train) {
            rows.add(DriftFeatures.calories(r.record()));
        }
        return DriftFeatures.reference(DriftFeatures.names(Task.CALORIES), rows);
    }

    /** kcal predicted by a calories model for each record, in order; one batch, one DMatrix. */
    public static double[] predictKcal(Model<Regressor> model, List<Example<Regressor>> examples) {
        List<Prediction<Regressor>> predictions = model.predict(examples);
        double[] kcal = new double[predictions.size()];
        for (int i = 0; i < kcal.length; i++) {
            kcal[i] = CaloriesFeatures.toCalories(predictions.get(i).getOutput().getValues()[0]);
        }
        return kcal;
    }

    private XGBoostRegressionTrainer xgboost() {
        // hist: an order of magnitude faster than exact on 20k rows, same accuracy here.
        return new XGBoostRegressionTrainer(BoosterType.GBTREE, TreeMethod.HIST, RegressionType.LINEAR,
                config.trees(), config.eta(), 0.0, config.maxDepth(), 1.0, config.subsample(), 1.0, 1.0, 0.0,
                config.threads(), LoggingVerbosity.SILENT, config.seed());
    }

    private static Map<String, Double> evaluate(Model<Regressor> model, List<CaloriesRow> test) {
        List<Example<Regressor>> examples = new ArrayList<>(test.size());
        double[] actual = new double[test.size()];
        for (int i = 0; i < actual.length; i++) {
            examples.add(CaloriesExamples.unlabelled(test.get(i).record()));
            actual[i] = test.get(i).calories();
        }
        double[] predicted = predictKcal(model, examples);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(RegressionMetrics.RMSLE, RegressionMetrics.rmsle(actual, predicted));
        m.put(RegressionMetrics.MAE, RegressionMetrics.mae(actual, predicted));
        return m;
    }

    private Map<String, Object> provenance(Model<Regressor> model, String dataSource, int trainRows, int holdoutRows,
                                           double trainSeconds) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("trainer", "tribuo XGBoostRegressionTrainer, tree_method=hist, objective=reg:squarederror, target=log1p(Calories)");
        p.put("config", config.asMap());
        p.put("seed", config.seed());
        p.put("dataSource", dataSource);
        p.put("rows", trainRows + holdoutRows);
        p.put("trainRows", trainRows);
        p.put("holdoutRows", holdoutRows);
        p.put("holdout", "chronological last " + holdoutRows + " rows");
        p.put("trainSeconds", trainSeconds);
        p.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        p.put("tribuo", tribuoProvenance(model));
        return p;
    }

    /** Tribuo's own provenance (dataset, trainer, trained-at, library versions) as a JSON-friendly tree. */
    private static Object tribuoProvenance(Model<Regressor> model) {
        try {
            return ProvenanceUtil.convertToMap(model.getProvenance());
        } catch (RuntimeException e) {
            // The map form is a convenience; the formatted string carries the same facts.
            return ProvenanceUtil.formattedProvenanceString(model.getProvenance());
        }
    }
}
