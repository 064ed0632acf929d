package io.hindsight.drift;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Deduplication by key in event time (Kafka Streams has no built-in operator for it): forwards the first record
 * of a key and drops every later one whose timestamp is within {@code within} of a record of that key already
 * forwarded. The keys seen are kept in a window store (changelogged, so exactly-once holds across restarts)
 * for twice {@code within}: a record may arrive up to the upstream grace behind stream time and still find
 * the one it duplicates.
 *
 * <p>The input must already be partitioned by the key (here: the output of a stream-stream join on it).
 */
final class FirstPerKeyProcessor<V> implements FixedKeyProcessor<String, V, V> {
    private final String storeName;
    private final long withinMs;
    private final Runnable onDuplicate;
    private FixedKeyProcessorContext<String, V> context;
    private WindowStore<String, Long> seen;

    FirstPerKeyProcessor(String storeName, Duration within, Runnable onDuplicate) {
        this.storeName = storeName;
        this.withinMs = within.toMillis();
        this.onDuplicate = onDuplicate;
    }

    /** The store the processor needs, named {@code storeName}. */
    static StoreBuilder<WindowStore<String, Long>> store(String storeName, Duration within) {
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(storeName, within.multipliedBy(2), within, false),
                Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        String key = record.key();
        if (key == null) {
            context.forward(record); // nothing to deduplicate by (the join never emits one)
            return;
        }
        long ts = record.timestamp();
        try (WindowStoreIterator<Long> earlier = seen.fetch(key, Math.max(0, ts - withinMs), ts + withinMs)) {
            if (earlier.hasNext()) {
                onDuplicate.run();
                return;
            }
        }
        seen.put(key, ts, ts);
        context.forward(record);
    }
}
