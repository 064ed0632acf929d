package io.hindsight.contracts.compact;

import io.hindsight.contracts.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form for values that never leave one stage: its state stores, changelogs and repartition
 * topics. Why not JSON there: the feedback joiner read and wrote its rolling aggregate as JSON ten times per
 * request (five hopping windows, two outputs), the largest part of its stream thread's time; the drift monitor's
 * windows and joins were alike. Topics other programs read stay JSON.
 *
 * <p>A value starts with a format byte ({@link #FORMAT_1} unless a subclass names another), a byte JSON never
 * starts with; anything else goes to the fallback reader, by default the JSON earlier versions wrote, so a joiner
 * upgraded in place restores its old changelogs. Hand-rolled over a byte array rather than DataOutputStream: its
 * per-byte synchronized writes cost more than the encoding itself.
 */
public abstract class CompactSerde<T> implements Serde<T> {
    public static final byte FORMAT_1 = 1;

    private final String typeName;
    private final byte format;
    private final Deserializer<T> fallback;

    /** Format {@link #FORMAT_1}; any other first byte is read as JSON of {@code type}. */
    protected CompactSerde(Class<T> type) {
        this(type.getSimpleName(), FORMAT_1, new JsonSerde<>(type).deserializer());
    }

    /**
     * @param typeName what a value is, for the error message of a value that does not read
     * @param format   the first byte of every value this serde writes
     * @param fallback reads a value that starts with any other byte: what an earlier version wrote
     */
    protected CompactSerde(String typeName, byte format, Deserializer<T> fallback) {
        this.typeName = typeName;
        this.format = format;
        this.fallback = fallback;
    }

    protected abstract void write(T value, Writer out);

    protected abstract T read(Reader in);

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            Writer out = new Writer();
            out.writeByte(format);
            write(value, out);
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0 || bytes[0] != format) {
                return fallback.deserialize(topic, bytes);
            }
            try {
                Reader in = new Reader(bytes, 1);
                T value = read(in);
                if (in.pos != bytes.length) {
                    throw new IllegalStateException((bytes.length - in.pos) + " bytes left over");
                }
                return value;
            } catch (RuntimeException e) {
                throw new SerializationException("not a valid " + typeName + " on " + topic + ": " + e, e);
            }
        };
    }

    /** Appends to a growing byte array. Longs are zigzag varints: counts and times are small or positive. */
    public static final class Writer {
        private byte[] buf = new byte[128];
        private int pos;

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        public void writeByte(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        public void writeBoolean(boolean b) {
            writeByte(b ? 1 : 0);
        }

        public void writeLong(long v) {
            ensure(10);
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[pos++] = (byte) z;
        }

        public void writeDouble(double d) {
            ensure(8);
            long bits = Double.doubleToRawLongBits(d);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (bits >>> shift);
            }
        }

        /** Length (-1 for null), then UTF-8. */
        public void writeString(String s) {
            if (s == null) {
                writeLong(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeLong(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
        }

        /**
         * Bucket counts are mostly zero: length (-1 for null), then how many are not zero, then each as
         * (index, count).
         */
        public void writeCounts(long[] counts) {
            if (counts == null) {
                writeLong(-1);
                return;
            }
            writeLong(counts.length);
            int nonZero = 0;
            for (long c : counts) {
                nonZero += c != 0 ? 1 : 0;
            }
            writeLong(nonZero);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    writeLong(i);
                    writeLong(counts[i]);
                }
            }
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }
    }

    /** Reads what {@link Writer} wrote; running past the end throws, which the deserializer reports. */
    public static final class Reader {
        /** Far beyond any histogram or confusion matrix; keeps a corrupt length from allocating gigabytes. */
        public static final int MAX_COUNTS = 1 << 16;
        private final byte[] buf;
        private int pos;

        public Reader(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        public int readByte() {
            if (pos >= buf.length) {
                throw new IllegalStateException("value ends early");
            }
            return buf[pos++] & 0xFF;
        }

        public boolean readBoolean() {
            return readByte() != 0;
        }

        public long readLong() {
            long z = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                z |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (z >>> 1) ^ -(z & 1);
                }
            }
            throw new IllegalStateException("varint longer than 10 bytes");
        }

        public double readDouble() {
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | readByte();
            }
            return Double.longBitsToDouble(bits);
        }

        public String readString() {
            int n = length(buf.length - pos);
            if (n < 0) {
                return null;
            }
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        public long[] readCounts() {
            int n = length(MAX_COUNTS);
            if (n < 0) {
                return null;
            }
            long[] counts = new long[n];
            long nonZero = readLong();
            if (nonZero < 0 || nonZero > n) {
                throw new IllegalStateException(nonZero + " non-zero counts of " + n);
            }
            for (long k = 0; k < nonZero; k++) {
                long i = readLong();
                if (i < 0 || i >= n) {
                    throw new IllegalStateException("count index " + i + " of " + n);
                }
                counts[(int) i] = readLong();
            }
            return counts;
        }

        /** A count written with writeLong: 0 to {@code max}, so a corrupt value fails instead of allocating. */
        public int readCount(int max) {
            long n = readLong();
            if (n < 0 || n > max) {
                throw new IllegalStateException("count " + n + " out of range (at most " + max + ")");
            }
            return (int) n;
        }

        /** A length: -1 for null, else at most {@code max}. */
        private int length(long max) {
            long n = readLong();
            if (n < -1 || n > max) {
                throw new IllegalStateException("length " + n + " out of range (at most " + max + ")");
            }
            return (int) n;
        }
    }
}
