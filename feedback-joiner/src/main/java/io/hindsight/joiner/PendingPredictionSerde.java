package io.hindsight.joiner;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The join store's values, in {@link CompactSerde}'s binary form: each request's prediction is written once
 * and read once here, which as JSON was a fifth of the stream thread's time.
 */
final class PendingPredictionSerde extends CompactSerde<PendingPrediction> {
    /** More outputs or scores than any model produces; a corrupt count fails instead of allocating. */
    private static final int MAX_ITEMS = 1 << 16;

    PendingPredictionSerde() {
        super(PendingPrediction.class);
    }

    @Override
    void write(PendingPrediction p, Writer out) {
        out.writeLong(p.recordTs());
        out.writeLong(p.deadline());
        out.writeByte(p.status().ordinal());
        out.writeLong(p.forgetAt());
        PredictionRecord r = p.prediction();
        out.writeBoolean(r != null);
        if (r == null) {
            return;
        }
        out.writeString(r.requestId());
        out.writeString(r.task());
        out.writeLong(r.requestTs());
        out.writeLong(r.predictedTs());
        out.writeBoolean(r.replay());
        out.writeBoolean(r.draft());
        out.writeBoolean(r.served() != null);
        if (r.served() != null) {
            writeOutput(r.served(), out);
        }
        out.writeLong(r.shadows().size());
        for (ModelOutput shadow : r.shadows()) {
            writeOutput(shadow, out);
        }
    }

    private static void writeOutput(ModelOutput o, Writer out) {
        out.writeString(o.family());
        out.writeString(o.version());
        out.writeString(o.alias());
        out.writeDouble(o.value());
        out.writeLong(o.scores().size());
        for (Double s : o.scores()) {
            out.writeDouble(s);
        }
    }

    @Override
    PendingPrediction read(Reader in) {
        long recordTs = in.readLong();
        long deadline = in.readLong();
        int status = in.readByte();
        if (status >= PendingPrediction.Status.values().length) {
            throw new IllegalStateException("no status " + status);
        }
        long forgetAt = in.readLong();
        PredictionRecord r = null;
        if (in.readBoolean()) {
            String requestId = in.readString();
            String task = in.readString();
            long requestTs = in.readLong();
            long predictedTs = in.readLong();
            boolean replay = in.readBoolean();
            boolean draft = in.readBoolean();
            ModelOutput served = in.readBoolean() ? readOutput(in) : null;
            int n = count(in);
            List<ModelOutput> shadows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                shadows.add(readOutput(in));
            }
            r = new PredictionRecord(requestId, task, served, shadows, requestTs, predictedTs, replay, draft);
        }
        return new PendingPrediction(r, recordTs, deadline, PendingPrediction.Status.values()[status], forgetAt);
    }

    private static ModelOutput readOutput(Reader in) {
        String family = in.readString();
        String version = in.readString();
        String alias = in.readString();
        double value = in.readDouble();
        int n = count(in);
        List<Double> scores = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            scores.add(in.readDouble());
        }
        return new ModelOutput(family, version, alias, value, scores);
    }

    private static int count(Reader in) {
        long n = in.readLong();
        if (n < 0 || n > MAX_ITEMS) {
            throw new IllegalStateException("count " + n + " out of range");
        }
        return (int) n;
    }
}
