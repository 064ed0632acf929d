package io.hindsight.trainer.rps;

/**
 * Progress of the rps first start, model by model, so a CLI can draw a bar and a background start can log.
 * Called on the training thread; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface RpsProgress {
    RpsProgress NONE = (done, total, family, alias, version, seconds) -> { };

    /**
     * After each model is trained and published.
     *
     * @param done    models finished so far (1-based)
     * @param total   models this run trains
     * @param seconds this model's training and publishing time
     */
    void onModel(int done, int total, String family, String alias, String version, double seconds);
}
