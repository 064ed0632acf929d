package io.hindsight.joiner;

import io.hindsight.contracts.compact.CompactSerde;

/** The pre-aggregation store's values ({@link RollingPartials}), in {@link CompactSerde}'s binary form. */
final class RollingPartialSerde extends CompactSerde<RollingPartial> {
    RollingPartialSerde() {
        super(RollingPartial.class);
    }

    @Override
    protected void write(RollingPartial p, Writer out) {
        out.writeLong(p.maxTs());
        RollingAggregateSerde.writeAggregate(p.aggregate(), out);
    }

    @Override
    protected RollingPartial read(Reader in) {
        return new RollingPartial(in.readLong(), RollingAggregateSerde.readAggregate(in));
    }
}
