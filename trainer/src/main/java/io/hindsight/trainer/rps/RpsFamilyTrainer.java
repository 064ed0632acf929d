package io.hindsight.trainer.rps;

import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.trainer.digits.TrainingProgress;
import java.util.List;

/** Fits one family with one configuration; the evaluation calls it once per split. */
public interface RpsFamilyTrainer {

    RpsModelConfig config();

    /** One line for provenance: library, algorithm, objective. */
    String description();

    /**
     * @param validation rounds to watch while training (brian stops early on them); may be empty, and the tree
     *                   and linear families do not use them
     */
    FittedRps fit(List<RpsExample> train, List<RpsExample> validation, TrainingProgress progress);

    /**
     * The trainer to use where no validation rounds can be spared (the cross-validation folds), given an
     * earlier fit that had them: brian trains as many epochs as that fit's early stopping chose.
     */
    default RpsFamilyTrainer withoutValidation(FittedRps earlier) {
        return this;
    }

    static RpsFamilyTrainer of(RpsModelConfig config) {
        if (config instanceof ForrestConfig c) {
            return new ForrestTrainer(c);
        }
        if (config instanceof LoganConfig c) {
            return new LoganTrainer(c);
        }
        return new BrianTrainer((BrianConfig) config, null);
    }
}
