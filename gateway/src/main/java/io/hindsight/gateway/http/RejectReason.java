package io.hindsight.gateway.http;

import java.util.Locale;

/** Why a request was turned away: the {@code reason} tag of hindsight_http_rejected_total. */
public enum RejectReason {
    /** Valid JSON that breaks the schema: 400. */
    INVALID,
    /** Body over the limit: 413. */
    TOO_LARGE,
    /** Not JSON, or not declared as JSON: 400, 415. */
    MALFORMED,
    /** Kafka took the request, no prediction in time: 504. */
    TIMEOUT,
    /** Kafka did not take the request: 503. */
    UNAVAILABLE,
    /** No model serves the task yet: 503. */
    NO_MODEL,
    /** An admin route without the right bearer token: 401. */
    UNAUTHORIZED,
    /** An admin route while no admin token is configured (403), or a WebSocket handshake from another origin. */
    FORBIDDEN,
    /** A well-formed upload that is not a usable model: 422. */
    UNPROCESSABLE,
    /** The client sent more requests than its rate limit allows: 429 with Retry-After. */
    RATE_LIMITED;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }
}
