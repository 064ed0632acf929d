package io.hindsight.contracts.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.json.Json;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CompactSerdeTest {
    /** Every field type the writer has, so one round trip covers each encoding. */
    public record Sample(long n, double x, String s, boolean b, long[] counts) {
    }

    static final class SampleSerde extends CompactSerde<Sample> {
        SampleSerde() {
            super(Sample.class);
        }

        /** The other constructor: its own first byte, and a fallback that is not JSON. */
        SampleSerde(byte format) {
            super("sample", format, (topic, bytes) -> new Sample(bytes.length, 0, "legacy", false, null));
        }

        @Override
        protected void write(Sample v, Writer out) {
            out.writeLong(v.n());
            out.writeDouble(v.x());
            out.writeString(v.s());
            out.writeBoolean(v.b());
            out.writeCounts(v.counts());
        }

        @Override
        protected Sample read(Reader in) {
            return new Sample(in.readLong(), in.readDouble(), in.readString(), in.readBoolean(), in.readCounts());
        }
    }

    @Test
    void everyFieldTypeRoundTripsAtItsExtremes() {
        SampleSerde serde = new SampleSerde();
        SplittableRandom random = new SplittableRandom(11);
        long[] longs = {0, 1, -1, 63, -64, 64, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE};
        double[] doubles = {0.0, -0.0, Double.NaN, Double.MIN_VALUE, Double.MAX_VALUE, Double.NEGATIVE_INFINITY, 1e-300};
        String[] strings = {null, "", "ascii", "ünïcödé ✓ 🎯"};
        long[][] counts = {null, {}, {0, 0, 0}, {0, 5, 0, 0, Long.MAX_VALUE}};
        for (int i = 0; i < 2_000; i++) {
            Sample s = new Sample(i < longs.length ? longs[i] : random.nextLong(), doubles[i % doubles.length],
                    strings[i % strings.length], i % 2 == 0, counts[i % counts.length]);
            byte[] bytes = serde.serializer().serialize("t", s);
            assertThat(bytes[0]).isEqualTo(CompactSerde.FORMAT_1);
            Sample back = serde.deserializer().deserialize("t", bytes);
            assertThat(back.n()).isEqualTo(s.n());
            assertThat(Double.doubleToRawLongBits(back.x())).isEqualTo(Double.doubleToRawLongBits(s.x()));
            assertThat(back.s()).isEqualTo(s.s());
            assertThat(back.b()).isEqualTo(s.b());
            assertThat(back.counts()).isEqualTo(s.counts());
        }
    }

    @Test
    void aValueNotInTheFormatIsReadAsTheJsonAnEarlierVersionWrote() {
        Sample s = new Sample(3, 1.5, "old", true, new long[]{1, 0, 2});
        Sample back = new SampleSerde().deserializer().deserialize("t", Json.write(s));
        assertThat(back.n()).isEqualTo(3);
        assertThat(back.s()).isEqualTo("old");
        assertThat(back.counts()).containsExactly(1, 0, 2);
    }

    @Test
    void aSerdeWithItsOwnFormatByteSendsEveryOtherValueToItsFallback() {
        SampleSerde tagged = new SampleSerde((byte) 7);
        Sample s = new Sample(42, 2.0, "x", false, null);
        byte[] bytes = tagged.serializer().serialize("t", s);
        assertThat(bytes[0]).isEqualTo((byte) 7);
        assertThat(tagged.deserializer().deserialize("t", bytes).n()).isEqualTo(42);
        // a FORMAT_1 value is not this serde's: the fallback reads it
        byte[] format1 = new SampleSerde().serializer().serialize("t", s);
        assertThat(tagged.deserializer().deserialize("t", format1).s()).isEqualTo("legacy");
        assertThat(tagged.deserializer().deserialize("t", new byte[0]).s()).isEqualTo("legacy");
        assertThat(tagged.deserializer().deserialize("t", null)).isNull();
        assertThat(tagged.serializer().serialize("t", null)).isNull();
    }

    @Test
    void leftoverOrMissingBytesFailAsSerializationErrorsNamingTheType() {
        SampleSerde tagged = new SampleSerde((byte) 7);
        byte[] bytes = tagged.serializer().serialize("t", new Sample(1, 1, "s", true, null));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> tagged.deserializer().deserialize("topic-a", longer))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid sample on topic-a")
                .hasMessageContaining("1 bytes left over");
        byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> tagged.deserializer().deserialize("topic-a", shorter))
                .isInstanceOf(SerializationException.class).hasMessageContaining("value ends early");
        assertThatThrownBy(() -> new SampleSerde().deserializer().deserialize("topic-b",
                new byte[]{CompactSerde.FORMAT_1, 'x'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid Sample on topic-b");
    }
}
