package io.hindsight.gateway.bus;

/**
 * The registry has been read and no model serves the task yet (e.g. the first-start training is still
 * running): answering 503 at once beats holding the request until it times out.
 */
public final class NoModelException extends RuntimeException {
    public NoModelException(String task) {
        super("no " + task + " model is serving yet (a first start trains one in the background; "
                + "or train or upload one)", null, false, false);
    }
}
