package io.hindsight.drift;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.compact.CompactSerde;

/**
 * The drift monitor's internal values (repartition topics, windows, suppression buffers, the DLE join) in
 * {@link CompactSerde}'s binary form. A value an earlier version wrote as JSON is still read.
 */
final class DriftSerdes {
    /** More features or bins than any reference has; a corrupt count fails instead of allocating. */
    private static final int MAX_ITEMS = 1 << 12;

    static final CompactSerde<RequestBins> REQUEST_BINS = new CompactSerde<>(RequestBins.class) {
        @Override
        protected void write(RequestBins r, Writer out) {
            out.writeLong(r.bins().length);
            for (int f = 0; f < r.bins().length; f++) {
                out.writeLong(r.bins()[f]);
                out.writeLong(r.sizes()[f]);
            }
        }

        @Override
        protected RequestBins read(Reader in) {
            int n = in.readCount(MAX_ITEMS);
            int[] bins = new int[n];
            int[] sizes = new int[n];
            for (int f = 0; f < n; f++) {
                long bin = in.readLong();
                long size = in.readLong();
                if (size < 0 || size > MAX_ITEMS || (size == 0 ? bin != -1 : bin < 0 || bin >= size)) {
                    throw new IllegalStateException("bin " + bin + " of " + size);
                }
                bins[f] = (int) bin;
                sizes[f] = (int) size;
            }
            return new RequestBins(bins, sizes);
        }
    };

    static final CompactSerde<FeatureWindowCounts> FEATURE_COUNTS = new CompactSerde<>(FeatureWindowCounts.class) {
        @Override
        protected void write(FeatureWindowCounts c, Writer out) {
            long[][] counts = c.counts();
            out.writeLong(counts == null ? -1 : counts.length);
            if (counts != null) {
                for (long[] feature : counts) {
                    out.writeCounts(feature);
                }
            }
        }

        @Override
        protected FeatureWindowCounts read(Reader in) {
            long n = in.readLong();
            if (n == -1) {
                return FeatureWindowCounts.empty();
            }
            if (n < 0 || n > MAX_ITEMS) {
                throw new IllegalStateException("features " + n);
            }
            long[][] counts = new long[(int) n][];
            for (int f = 0; f < n; f++) {
                counts[f] = in.readCounts();
            }
            return new FeatureWindowCounts(counts);
        }
    };

    static final CompactSerde<SeriesValue> SERIES_VALUE = new CompactSerde<>(SeriesValue.class) {
        @Override
        protected void write(SeriesValue v, Writer out) {
            out.writeString(v.family());
            out.writeString(v.version());
            out.writeString(v.alias());
            out.writeDouble(v.value());
        }

        @Override
        protected SeriesValue read(Reader in) {
            return new SeriesValue(in.readString(), in.readString(), in.readString(), in.readDouble());
        }
    };

    static final CompactSerde<LossSum> LOSS_SUM = new CompactSerde<>(LossSum.class) {
        @Override
        protected void write(LossSum s, Writer out) {
            out.writeString(s.family());
            out.writeString(s.version());
            out.writeString(s.alias());
            out.writeLong(s.outputs());
            out.writeDouble(s.sumSquaredLogError());
        }

        @Override
        protected LossSum read(Reader in) {
            return new LossSum(in.readString(), in.readString(), in.readString(), in.readLong(), in.readDouble());
        }
    };

    static final CompactSerde<ConfidenceSum> CONFIDENCE_SUM = new CompactSerde<>(ConfidenceSum.class) {
        @Override
        protected void write(ConfidenceSum s, Writer out) {
            out.writeString(s.family());
            out.writeString(s.version());
            out.writeString(s.alias());
            out.writeLong(s.outputs());
            out.writeDouble(s.sumTopProbability());
        }

        @Override
        protected ConfidenceSum read(Reader in) {
            return new ConfidenceSum(in.readString(), in.readString(), in.readString(), in.readLong(), in.readDouble());
        }
    };

    /** A calories request as the DLE join keeps it: the nannies read its features. */
    static final CompactSerde<CaloriesRecord> CALORIES_REQUEST = new CompactSerde<>(CaloriesRecord.class) {
        @Override
        protected void write(CaloriesRecord r, Writer out) {
            out.writeString(r.id());
            out.writeString(r.sex());
            out.writeDouble(r.age());
            out.writeDouble(r.height());
            out.writeDouble(r.weight());
            out.writeDouble(r.duration());
            out.writeDouble(r.heartRate());
            out.writeDouble(r.bodyTemp());
        }

        @Override
        protected CaloriesRecord read(Reader in) {
            return new CaloriesRecord(in.readString(), in.readString(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble());
        }
    };

    private DriftSerdes() {
    }
}
