package io.hindsight.joiner;

import io.hindsight.contracts.compact.CompactSerde;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Values of the joiner's rolling-metrics repartition topic: a pre-aggregated partial ({@link RollingPartials}),
 * tagged {@link #PARTIAL} where other compact values start with {@link CompactSerde#FORMAT_1}. Joiners before
 * 2026-11-24 sent one {@link MetricEvent} per output on the same topic; one still in flight during an upgrade is
 * read as the partial of that single event, so nothing on the topic is lost.
 */
final class SeriesPartialSerde extends CompactSerde<RollingAggregate> {
    static final byte PARTIAL = 2;

    SeriesPartialSerde(RollingMetricsAggregator aggregator) {
        super("rolling partial", PARTIAL, legacyEvent(aggregator));
    }

    private static Deserializer<RollingAggregate> legacyEvent(RollingMetricsAggregator aggregator) {
        Deserializer<MetricEvent> events = new MetricEventSerde().deserializer();
        return (topic, bytes) -> {
            MetricEvent event = events.deserialize(topic, bytes);
            return event == null ? null : aggregator.add(aggregator.empty(), event);
        };
    }

    @Override
    protected void write(RollingAggregate value, Writer out) {
        RollingAggregateSerde.writeAggregate(value, out);
    }

    @Override
    protected RollingAggregate read(Reader in) {
        return RollingAggregateSerde.readAggregate(in);
    }
}
