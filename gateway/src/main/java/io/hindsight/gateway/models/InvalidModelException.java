package io.hindsight.gateway.models;

/** An uploaded file that is not a model the gateway accepts: answered 422 with this message. */
public final class InvalidModelException extends Exception {
    public InvalidModelException(String message) {
        super(message, null, false, false);
    }
}
