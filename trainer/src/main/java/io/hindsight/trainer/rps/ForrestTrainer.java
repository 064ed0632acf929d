package io.hindsight.trainer.rps;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.trainer.digits.TrainingProgress;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;

/** forrest: Tribuo XGBoost classification (multi:softprob), published as Tribuo protobuf. */
final class ForrestTrainer implements RpsFamilyTrainer {
    private final ForrestConfig config;

    ForrestTrainer(ForrestConfig config) {
        this.config = config;
    }

    @Override
    public ForrestConfig config() {
        return config;
    }

    @Override
    public String description() {
        return "tribuo XGBoostClassificationTrainer, tree_method=hist, objective=multi:softprob, 50 dense features";
    }

    @Override
    public FittedRps fit(List<RpsExample> train, List<RpsExample> validation, TrainingProgress progress) {
        long t0 = System.nanoTime();
        // gamma 0, lambda 1, alpha 0: XGBoost's defaults; min child weight from the config
        XGBoostClassificationTrainer xgb = new XGBoostClassificationTrainer(BoosterType.GBTREE, TreeMethod.HIST,
                config.rounds(), config.eta(), 0.0, config.maxDepth(), config.minChildWeight(), config.subsample(),
                config.featureSubsample(), 1.0, 0.0, config.threads(), LoggingVerbosity.SILENT, config.seed());
        Model<Label> model = xgb.train(TribuoRps.dataset(train, "rps rounds for forrest"));
        byte[] bytes = model.serialize().toByteArray();
        return new FittedRps(bytes, ModelVersion.TRIBUO_PROTOBUF, train.size(), (System.nanoTime() - t0) / 1e9, Map.of());
    }
}
