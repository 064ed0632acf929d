package io.hindsight.trainer.digits;

/**
 * Progress of a CNN training run, called on the training thread after every batch, so a CLI can draw a bar
 * and a background first start can log. Implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface TrainingProgress {
    TrainingProgress NONE = (epoch, epochs, batch, batches, loss) -> { };

    /**
     * @param epoch   1-based epoch
     * @param epochs  epochs in the run
     * @param batch   1-based batch within the epoch
     * @param batches batches per epoch
     * @param loss    this batch's mean cross-entropy
     */
    void onBatch(int epoch, int epochs, int batch, int batches, double loss);

    /** After each epoch: its mean batch loss and the seconds since training started. */
    default void onEpoch(int epoch, int epochs, double meanLoss, double elapsedSeconds) {
    }
}
