package io.hindsight.simulator;

/**
 * A game call that got no usable answer. The kind is short and countable, like the other simulate commands'
 * errors: "http 409", "ws 504", "timeout", "connect refused", "bad answer".
 */
final class RpsCallException extends Exception {
    private final String kind;

    RpsCallException(String kind, String detail) {
        super(kind + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.kind = kind;
    }

    RpsCallException(String kind) {
        this(kind, null);
    }

    String kind() {
        return kind;
    }
}
