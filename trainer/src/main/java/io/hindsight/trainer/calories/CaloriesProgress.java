package io.hindsight.trainer.calories;

/**
 * Progress of a calories training run, one call per fit of the evaluation pipeline (XGBoost through Tribuo has
 * no per-round callback, so a fit is the finest step there is). Called on the training thread; implementations
 * must be quick and must not throw.
 */
@FunctionalInterface
public interface CaloriesProgress {
    CaloriesProgress NONE = (step, steps, label, rmsle, seconds) -> { };

    /**
     * After each fit.
     *
     * @param step    fits finished so far (1-based)
     * @param steps   fits in the run
     * @param label   what was fitted, e.g. "step 3: fold 2/3"
     * @param rmsle   the RMSLE this fit was scored with (its hold-out, validation or fold)
     * @param seconds seconds since the run started
     */
    void onStep(int step, int steps, String label, double rmsle, double seconds);
}
