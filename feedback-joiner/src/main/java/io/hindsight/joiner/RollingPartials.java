package io.hindsight.joiner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds scored and expired outputs per series and time bucket before the rolling windows' repartition, and
 * sends the partials on once per flush interval. Why: one repartition record per model output (two per
 * calories request), each then added to five hopping windows, was a large part of the joiner's stream thread;
 * a handful of series per task makes it a handful of records per second.
 *
 * <p>Exact, not approximate: buckets are {@code gcd(window size, advance)} wide and aligned like the windows,
 * so every outcome in a bucket belongs to exactly the windows its bucket does, and {@link RollingAggregate#merge}
 * adds partials as if their events came one by one. A partial travels with the latest timestamp of its outcomes,
 * so the windows' stream time and grace see what they saw before, at most one flush later.
 *
 * <p>Exactly once: the partials live in a changelogged store (cached, so the changelog gets one record per
 * partial per commit, not one per outcome), and are forwarded and deleted in the same transaction.
 */
final class RollingPartials implements Processor<String, JoinOutcome, String, RollingAggregate> {
    static final String STORE = "joiner-rolling-partials";

    private final RollingMetricsAggregator aggregator;
    private final long bucketMs;
    private final Duration flushInterval;
    private ProcessorContext<String, RollingAggregate> context;
    private KeyValueStore<String, RollingPartial> partials;

    RollingPartials(RollingMetricsAggregator aggregator, JoinerConfig config) {
        this.aggregator = aggregator;
        this.bucketMs = bucketMs(config);
        this.flushInterval = config.commitInterval();
    }

    /** The widest bucket that never straddles a window boundary: windows start at multiples of the advance. */
    static long bucketMs(JoinerConfig config) {
        long size = config.windowSize().toMillis();
        long advance = config.windowAdvance().toMillis();
        while (advance != 0) {
            long r = size % advance;
            size = advance;
            advance = r;
        }
        return size;
    }

    @Override
    public void init(ProcessorContext<String, RollingAggregate> context) {
        this.context = context;
        this.partials = context.getStateStore(STORE);
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, JoinOutcome> record) {
        MetricEvent event = MetricEvent.of(record.value());
        long ts = record.timestamp();
        String key = event.seriesKey() + "@" + Math.floorDiv(ts, bucketMs);
        RollingPartial known = partials.get(key);
        RollingPartial next = known == null
                ? new RollingPartial(ts, aggregator.add(aggregator.empty(), event))
                : new RollingPartial(Math.max(known.maxTs(), ts), aggregator.add(known.aggregate(), event));
        partials.put(key, next);
    }

    /** Sends every partial on, oldest bucket first so stream time downstream moves forward as the outcomes did. */
    void flush() {
        List<KeyValue<String, RollingPartial>> all = new ArrayList<>();
        try (KeyValueIterator<String, RollingPartial> it = partials.all()) {
            it.forEachRemaining(all::add);
        }
        all.sort(Comparator.comparingLong((KeyValue<String, RollingPartial> kv) -> kv.value.maxTs()).thenComparing(kv -> kv.key));
        for (KeyValue<String, RollingPartial> kv : all) {
            String series = kv.key.substring(0, kv.key.lastIndexOf('@'));
            context.forward(new Record<>(series, kv.value.aggregate(), kv.value.maxTs()));
            partials.delete(kv.key);
        }
    }
}
