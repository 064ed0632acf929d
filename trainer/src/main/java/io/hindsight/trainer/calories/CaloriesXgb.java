package io.hindsight.trainer.calories;

import java.util.List;
import org.tribuo.Model;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer.RegressionType;

/**
 * The evaluation fits of {@link CaloriesEvaluation} (steps 1 and 3): the same Tribuo XGBoost trainer as
 * {@link CaloriesTrainer} builds from a {@link CaloriesTrainerConfig}, so every step scores the published
 * model's recipe. {@code CaloriesEvaluationTest} checks that both give the same predictions on the same rows.
 */
final class CaloriesXgb {
    private CaloriesXgb() {
    }

    static XGBoostRegressionTrainer trainer(CaloriesTrainerConfig config) {
        return new XGBoostRegressionTrainer(BoosterType.GBTREE, TreeMethod.HIST, RegressionType.LINEAR,
                config.trees(), config.eta(), 0.0, config.maxDepth(), 1.0, config.subsample(), 1.0, 1.0, 0.0,
                config.threads(), LoggingVerbosity.SILENT, config.seed());
    }

    static Model<Regressor> fit(CaloriesTrainerConfig config, List<io.hindsight.contracts.calories.CaloriesRow> rows,
                                String dataSource) {
        return trainer(config).train(CaloriesExamples.dataset(rows, dataSource));
    }
}
