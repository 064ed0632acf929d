package io.hindsight.joiner;

import io.hindsight.contracts.compact.CompactPredictions;
import io.hindsight.contracts.compact.CompactSerde;
import io.hindsight.contracts.prediction.PredictionRecord;

/**
 * The join store's values, in {@link CompactSerde}'s binary form: each request's prediction is written once
 * and read once here, which as JSON was a fifth of the stream thread's time. Held feedback (status HELD)
 * follows the fields every entry has; entries written before HELD existed read as before.
 */
final class PendingPredictionSerde extends CompactSerde<PendingPrediction> {

    PendingPredictionSerde() {
        super(PendingPrediction.class);
    }

    @Override
    protected void write(PendingPrediction p, Writer out) {
        out.writeLong(p.recordTs());
        out.writeLong(p.deadline());
        out.writeByte(p.status().ordinal());
        out.writeLong(p.forgetAt());
        out.writeBoolean(p.prediction() != null);
        if (p.prediction() != null) {
            CompactPredictions.write(p.prediction(), out);
        }
        if (p.status() == PendingPrediction.Status.HELD) {
            writeTruth(p.held(), out);
        }
    }

    @Override
    protected PendingPrediction read(Reader in) {
        long recordTs = in.readLong();
        long deadline = in.readLong();
        int status = in.readByte();
        if (status >= PendingPrediction.Status.values().length) {
            throw new IllegalStateException("no status " + status);
        }
        long forgetAt = in.readLong();
        PredictionRecord r = in.readBoolean() ? CompactPredictions.read(in) : null;
        PendingPrediction.Status s = PendingPrediction.Status.values()[status];
        GroundTruth held = s == PendingPrediction.Status.HELD ? readTruth(in) : null;
        return new PendingPrediction(r, recordTs, deadline, s, forgetAt, held);
    }

    private static void writeTruth(GroundTruth t, Writer out) {
        out.writeString(t.requestId());
        out.writeDouble(t.value());
        out.writeLong(t.eventTimeMs());
        out.writeString(t.json());
        RpsRound rps = t.rps();
        out.writeBoolean(rps != null);
        if (rps != null) {
            out.writeBoolean(rps.value() != null);
            if (rps.value() != null) {
                out.writeDouble(rps.value());
            }
            out.writeBoolean(rps.gameOver());
            out.writeBoolean(rps.winner() != null);
            if (rps.winner() != null) {
                out.writeString(rps.winner());
            }
        }
    }

    private static GroundTruth readTruth(Reader in) {
        String id = in.readString();
        double value = in.readDouble();
        long eventTimeMs = in.readLong();
        String json = in.readString();
        RpsRound rps = null;
        if (in.readBoolean()) {
            Double roundValue = in.readBoolean() ? in.readDouble() : null;
            boolean gameOver = in.readBoolean();
            String winner = in.readBoolean() ? in.readString() : null;
            rps = new RpsRound(roundValue, gameOver, winner);
        }
        return new GroundTruth(id, value, eventTimeMs, json, rps);
    }
}
