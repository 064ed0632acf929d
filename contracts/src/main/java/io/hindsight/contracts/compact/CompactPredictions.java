package io.hindsight.contracts.compact;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PredictionRecord} in {@link CompactSerde}'s binary form, for stages that keep predictions in their
 * own stores (the feedback joiner's pending predictions, the drift monitor's DLE join).
 */
public final class CompactPredictions {
    /** More outputs or scores than any model produces; a corrupt count fails instead of allocating. */
    public static final int MAX_ITEMS = 1 << 16;

    /** The serde of a bare prediction. */
    public static final CompactSerde<PredictionRecord> SERDE = new CompactSerde<>(PredictionRecord.class) {
        @Override
        protected void write(PredictionRecord value, CompactSerde.Writer out) {
            CompactPredictions.write(value, out);
        }

        @Override
        protected PredictionRecord read(CompactSerde.Reader in) {
            return CompactPredictions.read(in);
        }
    };

    private CompactPredictions() {
    }

    public static void write(PredictionRecord r, CompactSerde.Writer out) {
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

    public static PredictionRecord read(CompactSerde.Reader in) {
        String requestId = in.readString();
        String task = in.readString();
        long requestTs = in.readLong();
        long predictedTs = in.readLong();
        boolean replay = in.readBoolean();
        boolean draft = in.readBoolean();
        ModelOutput served = in.readBoolean() ? readOutput(in) : null;
        int n = in.readCount(MAX_ITEMS);
        List<ModelOutput> shadows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            shadows.add(readOutput(in));
        }
        return new PredictionRecord(requestId, task, served, shadows, requestTs, predictedTs, replay, draft);
    }

    private static void writeOutput(ModelOutput o, CompactSerde.Writer out) {
        out.writeString(o.family());
        out.writeString(o.version());
        out.writeString(o.alias());
        out.writeDouble(o.value());
        out.writeLong(o.scores().size());
        for (Double s : o.scores()) {
            out.writeDouble(s);
        }
    }

    private static ModelOutput readOutput(CompactSerde.Reader in) {
        String family = in.readString();
        String version = in.readString();
        String alias = in.readString();
        double value = in.readDouble();
        int n = in.readCount(MAX_ITEMS);
        List<Double> scores = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            scores.add(in.readDouble());
        }
        return new ModelOutput(family, version, alias, value, scores);
    }
}
