package io.hindsight.gateway.bus;

/** Kafka did not take the record (broker down, not ready yet, send failed): the client should retry later. */
public final class BusUnavailableException extends RuntimeException {
    public BusUnavailableException(String message) {
        super(message, null, false, false);
    }

    public BusUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
