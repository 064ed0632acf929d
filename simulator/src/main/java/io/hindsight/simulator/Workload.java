package io.hindsight.simulator;

import io.hindsight.contracts.Task;

/**
 * What one task puts on the wire and how it reads the answers: the request body of a record, whether the
 * answer was right, and the ground truth that follows it as feedback. The runs ({@link StreamRun},
 * {@link LoadRun}) are the same for every task; this is the part that is not. Implementations are thread-safe.
 *
 * @param <R> one record of the task's {@link RecordSource}; it is also what its feedback is made from
 */
interface Workload<R> {

    Task task();

    /** How records go on the wire, appended to the source's description: "" or e.g. ", sent as 28x28 pixels". */
    default String describe() {
        return "";
    }

    /** The predict body of {@code row}, sent under {@code id} (a String, or a Long for number ids). */
    byte[] request(Object id, R row);

    /** Whether the answers of this task can be judged right or wrong (a classification), for the summary. */
    default boolean judgesAnswers() {
        return false;
    }

    /**
     * Whether {@code answer} (the response body) was right about {@code row}: TRUE or FALSE, or null when it
     * cannot be told (no body, as from Kafka; a body that names no class; a task that is not judged).
     */
    default Boolean judge(R row, byte[] answer) {
        return null;
    }

    /** Whether {@code row} has a ground truth to send as feedback. */
    boolean hasTruth(R row);

    /** The feedback body for {@code row}; {@code epochMillis} is when it is sent. */
    byte[] feedback(Object id, R row, long epochMillis);

    /** Whether the feedback for {@code row} carries a deliberately wrong truth (a simulated mis-click). */
    default boolean mislabelled(R row) {
        return false;
    }
}
