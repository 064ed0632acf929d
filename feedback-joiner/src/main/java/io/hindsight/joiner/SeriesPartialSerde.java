package io.hindsight.joiner;

import io.hindsight.contracts.compact.CompactSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values of the joiner's rolling-metrics repartition topic: a pre-aggregated partial ({@link RollingPartials}),
 * tagged {@link #PARTIAL} where {@link CompactSerde} values start with {@link CompactSerde#FORMAT_1}. Joiners
 * before 2026-11-24 sent one {@link MetricEvent} per output on the same topic; one still in flight during an
 * upgrade is read as the partial of that single event, so nothing on the topic is lost.
 */
final class SeriesPartialSerde implements Serde<RollingAggregate> {
    static final byte PARTIAL = 2;

    private final RollingMetricsAggregator aggregator;
    private final Deserializer<MetricEvent> events = new MetricEventSerde().deserializer();

    SeriesPartialSerde(RollingMetricsAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Override
    public Serializer<RollingAggregate> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            CompactSerde.Writer out = new CompactSerde.Writer();
            out.writeByte(PARTIAL);
            RollingAggregateSerde.writeAggregate(value, out);
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<RollingAggregate> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0 || bytes[0] != PARTIAL) {
                MetricEvent event = events.deserialize(topic, bytes);
                return event == null ? null : aggregator.add(aggregator.empty(), event);
            }
            try {
                CompactSerde.Reader in = new CompactSerde.Reader(bytes, 1);
                RollingAggregate value = RollingAggregateSerde.readAggregate(in);
                if (in.position() != bytes.length) {
                    throw new IllegalStateException((bytes.length - in.position()) + " bytes left over");
                }
                return value;
            } catch (RuntimeException e) {
                throw new SerializationException("not a valid rolling partial on " + topic + ": " + e, e);
            }
        };
    }
}
