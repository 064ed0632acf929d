package io.hindsight.predictor.task;

/**
 * A valid request, ready for the models.
 *
 * @param features the model input row (calories: the feature vector; digits: 784 pixels)
 * @param draft    a live guess that is answered but never scored
 */
public record ServingInput(String id, double[] features, boolean draft) {
}
