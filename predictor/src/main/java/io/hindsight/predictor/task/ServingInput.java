package io.hindsight.predictor.task;

/**
 * A valid request, ready for the models.
 *
 * @param features the model input row (calories: the feature vector; digits: 784 pixels; rps: 50 features)
 * @param draft    a live guess that is answered but never scored
 * @param route    the model the request names (rps: the game's family and alias); null when the task's
 *                 Production model serves every request
 */
public record ServingInput(String id, double[] features, boolean draft, Route route) {

    public ServingInput(String id, double[] features, boolean draft) {
        this(id, features, draft, null);
    }

    /** The (family, alias) whose model serves a request; the family's other aliases are its shadows. */
    public record Route(String family, String alias) {
    }
}
