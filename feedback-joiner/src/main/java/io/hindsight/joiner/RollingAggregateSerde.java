package io.hindsight.joiner;

import io.hindsight.contracts.compact.CompactSerde;

/** The rolling windows' store values, in {@link CompactSerde}'s binary form. */
final class RollingAggregateSerde extends CompactSerde<RollingAggregate> {
    RollingAggregateSerde() {
        super(RollingAggregate.class);
    }

    @Override
    protected void write(RollingAggregate a, Writer out) {
        writeAggregate(a, out);
    }

    @Override
    protected RollingAggregate read(Reader in) {
        return readAggregate(in);
    }

    /** The fields, in order; shared with {@link RollingPartialSerde} and {@link SeriesPartialSerde}. */
    static void writeAggregate(RollingAggregate a, Writer out) {
        out.writeString(a.task());
        out.writeString(a.family());
        out.writeString(a.version());
        out.writeString(a.alias());
        out.writeLong(a.matched());
        out.writeLong(a.expired());
        out.writeLong(a.regressionCount());
        out.writeDouble(a.sumSquaredLogError());
        out.writeDouble(a.sumAbsError());
        out.writeLong(a.classifiedCount());
        out.writeLong(a.correctCount());
        out.writeDouble(a.sumPredicted());
        out.writeCounts(a.lagCounts());
        out.writeCounts(a.predictedCounts());
        out.writeCounts(a.confusion());
        out.writeLong(a.pointsCount());
        out.writeDouble(a.sumPoints());
        out.writeLong(a.games());
        out.writeLong(a.gamesWon());
    }

    static RollingAggregate readAggregate(Reader in) {
        return new RollingAggregate(in.readString(), in.readString(), in.readString(), in.readString(),
                in.readLong(), in.readLong(), in.readLong(), in.readDouble(), in.readDouble(),
                in.readLong(), in.readLong(), in.readDouble(),
                in.readCounts(), in.readCounts(), in.readCounts(),
                in.readLong(), in.readDouble(), in.readLong(), in.readLong());
    }
}
