package io.hindsight.trainer.calories;

import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesRow;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** Calories rows as Tribuo examples, built only from the feature contract so serving sees the same vector. */
public final class CaloriesExamples {
    /** The regression target's dimension name: the model predicts log1p(kcal), not kcal. */
    public static final String TARGET = "log1p_Calories";
    private static final String[] FEATURE_NAMES = CaloriesFeatures.NAMES.toArray(String[]::new);
    private static final RegressionFactory FACTORY = new RegressionFactory();

    private CaloriesExamples() {
    }

    public static Example<Regressor> labelled(CaloriesRow row) {
        return new ArrayExample<>(new Regressor(TARGET, CaloriesFeatures.target(row.calories())), FEATURE_NAMES,
                CaloriesFeatures.vector(row.record()));
    }

    public static Example<Regressor> unlabelled(CaloriesRecord record) {
        return new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, FEATURE_NAMES, CaloriesFeatures.vector(record));
    }

    public static MutableDataset<Regressor> dataset(List<CaloriesRow> rows, String dataSource) {
        MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance(dataSource, FACTORY), FACTORY);
        for (CaloriesRow r : rows) {
            ds.add(labelled(r));
        }
        return ds;
    }
}
