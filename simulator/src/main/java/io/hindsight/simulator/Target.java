package io.hindsight.simulator;

/**
 * Where records and feedback go: Hindsight's HTTP API (or the seed-004 peer), or straight onto Kafka. Calls
 * block until the record is answered (HTTP) or acknowledged (Kafka); safe to call from many threads.
 */
public interface Target extends AutoCloseable {

    /** Sends one record. {@code key} is the request id as text; {@code json} the body. */
    Outcome predict(String key, byte[] json);

    /** Sends one ground-truth feedback. */
    Outcome feedback(String key, byte[] json);

    /** One line for the run header, e.g. "http://localhost:8080/v1/calories/predict". */
    String describe();

    @Override
    void close();

    /**
     * How one send ended.
     *
     * @param errorKind null on success; else a short kind to count by: "http 503", "connect refused", "timeout"...
     * @param body      the response body (HTTP), or null
     */
    record Outcome(String errorKind, byte[] body) {
        public static final Outcome OK = new Outcome(null, null);

        public static Outcome ok(byte[] body) {
            return new Outcome(null, body);
        }

        public static Outcome failed(String kind) {
            return new Outcome(kind, null);
        }

        public boolean isOk() {
            return errorKind == null;
        }
    }
}
