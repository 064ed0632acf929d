package io.hindsight.simulator;

/**
 * Numbers the records of a source: send n gets row n and id n of the run. Ends when the source does or when
 * the count limit is reached. Thread-safe, so row n always goes with id n whichever thread takes it.
 */
final class Feed<R> {

    /** Send {@code seq} of the run: its id (as sent in JSON), the id as text, and the record. */
    record Item<R>(long seq, Object id, String key, R row) {
    }

    private final RecordSource<R> source;
    private final RunIds ids;
    private final long limit;
    private long next;
    private boolean ended;

    /** @param limit the most records to hand out, or 0 for no limit */
    Feed(RecordSource<R> source, RunIds ids, long limit) {
        this.source = source;
        this.ids = ids;
        this.limit = limit;
    }

    /** The next item, or null when the run has no more. */
    synchronized Item<R> next() {
        if (ended || (limit > 0 && next >= limit)) {
            return null;
        }
        R row = source.next();
        if (row == null) {
            ended = true;
            return null;
        }
        long seq = next++;
        return new Item<>(seq, ids.id(seq), ids.key(seq), row);
    }

    /** Whether the source ran out (as opposed to the count limit being reached). */
    synchronized boolean sourceEnded() {
        return ended;
    }
}
