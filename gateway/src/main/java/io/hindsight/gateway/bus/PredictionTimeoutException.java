package io.hindsight.gateway.bus;

/**
 * Kafka took the request but no prediction came back in time. Retrying with the same id is safe: the
 * predictor predicts an id once and answers a repeat with the original prediction.
 */
public final class PredictionTimeoutException extends RuntimeException {
    public PredictionTimeoutException(String id) {
        super("no prediction for request " + id + " in time", null, false, false);
    }
}
