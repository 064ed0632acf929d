package io.hindsight.trainer.retrain;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.ModelVersion;
import java.util.List;
import java.util.Optional;

/**
 * One task's part in the {@link Retrainer}: which records are new training data, which aliases the first start
 * publishes (nothing is due before they all exist), and how a family's challenger is trained on everything
 * committed and published as B. The retrainer decides when; a challenger only knows how.
 */
public interface Challenger {

    Task task();

    /** The families whose B this retrains. */
    List<String> families();

    /**
     * Alias keys ({@code task/family/alias}) the task's first start publishes: until every one exists nothing is
     * due, so a retraining never fights the first start for the machine.
     */
    List<String> requiredAliases();

    /**
     * The topic whose records count toward the policy, one new labelled example each ({@code rps.rounds}, or the
     * task's feedback topic): records past the ends of a model's recorded ranges of it are "new".
     */
    String countedTopic();

    /**
     * Trains {@code family}'s challenger on everything committed and publishes it as B (its ranges recorded);
     * returns its metadata, or empty, with the reason logged at INFO, when the data is too little to train on.
     */
    Optional<ModelVersion> trainAndPublish(String family);
}
