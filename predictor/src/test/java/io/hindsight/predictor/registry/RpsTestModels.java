package io.hindsight.predictor.registry;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.rps.RpsFeatures;
import io.hindsight.predictor.task.TaskServing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Small rps models trained in the test, as the trainer would publish them: on synthetic players who repeat
 * their last move, so the player's lag-1 one-hot (features 0..2) names the class.
 */
public final class RpsTestModels {
    public static final ModelLoader LOADER = new ModelLoader(TaskServing.of(Task.RPS), 1);
    private static final String[] NAMES = RpsFeatures.NAMES.toArray(String[]::new);

    private RpsTestModels() {
    }

    /** A feature vector whose player repeated {@code lastMove}: a one-hot at 0..2 over noise. */
    public static double[] row(Random r, int lastMove) {
        double[] f = new double[RpsFeatures.COUNT];
        for (int i = 3; i < f.length; i++) {
            f[i] = r.nextDouble() * 0.2;
        }
        f[lastMove] = 1;
        return f;
    }

    public static List<double[]> rows(long seed, int n) {
        Random r = new Random(seed);
        List<double[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(row(r, i % 3));
        }
        return rows;
    }

    /** Multinomial logistic regression (the logan family), labels "0", "1", "2" unless {@code label} says otherwise. */
    public static Model<Label> logistic(long seed, IntFunction<String> label) {
        return train(new LogisticRegressionTrainer(), seed, label);
    }

    /** Gradient-boosted trees (the forrest family). */
    public static Model<Label> xgboost(long seed) {
        return train(new XGBoostClassificationTrainer(5), seed, Integer::toString);
    }

    private static Model<Label> train(Trainer<Label> trainer, long seed, IntFunction<String> label) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("rps-test", factory), factory);
        List<double[]> rows = rows(seed, 300);
        for (int i = 0; i < rows.size(); i++) {
            data.add(new ArrayExample<>(new Label(label.apply(i % 3)), NAMES, rows.get(i)));
        }
        return trainer.train(data);
    }

    public static byte[] protobuf(Model<?> model) {
        return model.serialize().toByteArray();
    }

    public static ModelVersion meta(String version, String family, String format, byte[] bytes) {
        return new ModelVersion(version, "rps", family, 0L, format, Sha256.hex(bytes), bytes.length,
                List.of(), Map.of(), Map.of(), List.of(), "test");
    }

    /** Verified and deserialized through the predictor's loader, behind an alias. */
    public static LoadedModel load(String family, String alias, String version, String format, byte[] bytes) throws Exception {
        return new LoadedModel(family, alias, version, LOADER.load(meta(version, family, format, bytes), bytes));
    }
}
