package io.hindsight.joiner;

import io.hindsight.contracts.compact.CompactSerde;

/** Metric events on the joiner's own repartition topic, in {@link CompactSerde}'s binary form. */
final class MetricEventSerde extends CompactSerde<MetricEvent> {
    private static final int SQUARED_LOG_ERROR = 1;
    private static final int CORRECT = 2;
    private static final int TRUTH = 4;
    private static final int POINTS = 8;
    private static final int GAME_WON = 16;

    MetricEventSerde() {
        super(MetricEvent.class);
    }

    @Override
    protected void write(MetricEvent e, Writer out) {
        out.writeString(e.task());
        out.writeString(e.family());
        out.writeString(e.version());
        out.writeString(e.alias());
        out.writeBoolean(e.matched());
        out.writeDouble(e.predicted());
        out.writeDouble(e.absError());
        out.writeLong(e.lagMs());
        // Which of the nullable fields follow, then those present, in this order.
        int present = (e.squaredLogError() != null ? SQUARED_LOG_ERROR : 0) | (e.correct() != null ? CORRECT : 0)
                | (e.truth() != null ? TRUTH : 0) | (e.points() != null ? POINTS : 0) | (e.gameWon() != null ? GAME_WON : 0);
        out.writeByte(present);
        if (e.squaredLogError() != null) {
            out.writeDouble(e.squaredLogError());
        }
        if (e.correct() != null) {
            out.writeBoolean(e.correct());
        }
        if (e.truth() != null) {
            out.writeDouble(e.truth());
        }
        if (e.points() != null) {
            out.writeDouble(e.points());
        }
        if (e.gameWon() != null) {
            out.writeBoolean(e.gameWon());
        }
    }

    @Override
    protected MetricEvent read(Reader in) {
        String task = in.readString();
        String family = in.readString();
        String version = in.readString();
        String alias = in.readString();
        boolean matched = in.readBoolean();
        double predicted = in.readDouble();
        double absError = in.readDouble();
        long lagMs = in.readLong();
        int present = in.readByte();
        Double squaredLogError = (present & SQUARED_LOG_ERROR) != 0 ? in.readDouble() : null;
        Boolean correct = (present & CORRECT) != 0 ? in.readBoolean() : null;
        Double truth = (present & TRUTH) != 0 ? in.readDouble() : null;
        Double points = (present & POINTS) != 0 ? in.readDouble() : null;
        Boolean gameWon = (present & GAME_WON) != 0 ? in.readBoolean() : null;
        return new MetricEvent(task, family, version, alias, matched, predicted, absError, squaredLogError, correct,
                lagMs, truth, points, gameWon);
    }
}
