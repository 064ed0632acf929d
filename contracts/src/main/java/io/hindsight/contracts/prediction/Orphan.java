package io.hindsight.contracts.prediction;

/**
 * Feedback that scored nothing, kept on {@code <task>.orphans} rather than dropped.
 *
 * @param reason {@link #UNKNOWN}, {@link #EXPIRED} or {@link #DUPLICATE}
 * @param feedback the original feedback JSON
 */
public record Orphan(String requestId, String task, String reason, long feedbackTs, String feedback) {
    /** No prediction with this id was seen within the horizon. */
    public static final String UNKNOWN = "unknown";
    /** The prediction existed but its horizon had passed when the feedback came. */
    public static final String EXPIRED = "expired";
    /** This request was already scored: a second feedback is kept, not scored again. */
    public static final String DUPLICATE = "duplicate";
}
