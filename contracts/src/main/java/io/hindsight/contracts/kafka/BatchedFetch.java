package io.hindsight.contracts.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Fetch settings for consumers nobody waits on (the joiner, drift, metrics readers): the broker holds a fetch
 * until {@link #MIN_BYTES} are there or {@link #MAX_WAIT_MS} passed. Why: with Kafka's defaults (1 byte) every
 * such consumer fetched again after each of the predictor's transactions; at 1,574 calories requests/s the
 * broker answered 1,990 fetches/s, 677/s of them drift's and 255/s each the joiner's and its metrics reader's.
 * A person waits on the gateway's replies and the predictor's requests: those keep fetching at once.
 */
public final class BatchedFetch {
    public static final int MIN_BYTES = 64 * 1024;
    public static final int MAX_WAIT_MS = 200;

    private BatchedFetch() {
    }

    /** Sets both on {@code p}, each key prefixed (e.g. Kafka Streams' main-consumer prefix, or "" for a consumer). */
    public static Properties apply(Properties p, String prefix) {
        p.put(prefix + ConsumerConfig.FETCH_MIN_BYTES_CONFIG, MIN_BYTES);
        p.put(prefix + ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, MAX_WAIT_MS);
        return p;
    }
}
