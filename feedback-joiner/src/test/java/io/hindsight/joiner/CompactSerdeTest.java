package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.compact.CompactSerde;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.PredictionRecord;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CompactSerdeTest {
    private final RollingAggregateSerde aggregates = new RollingAggregateSerde();
    private final MetricEventSerde events = new MetricEventSerde();

    private static RollingAggregate digitsAggregate() {
        RollingMetricsAggregator agg = new RollingMetricsAggregator(TaskProfile.of(Task.DIGITS));
        RollingAggregate a = agg.empty();
        a = agg.add(a, RollingMetricsAggregatorTest.classified(7, 7));
        a = agg.add(a, RollingMetricsAggregatorTest.classified(1, 7));
        return agg.add(a, MetricEvent.expired("digits", JoinerFixtures.digitOutput("v1", "Production", 5)));
    }

    private RollingAggregate aggregateRoundTrip(RollingAggregate a) {
        return aggregates.deserializer().deserialize("t", aggregates.serializer().serialize("t", a));
    }

    private MetricEvent eventRoundTrip(MetricEvent e) {
        return events.deserializer().deserialize("t", events.serializer().serialize("t", e));
    }

    @Test
    void anAggregateReadsBackFieldForField() {
        RollingAggregate a = digitsAggregate();
        assertThat(aggregateRoundTrip(a)).usingRecursiveComparison().isEqualTo(a);
        RollingAggregate empty = new RollingMetricsAggregator(TaskProfile.of(Task.CALORIES)).empty();
        assertThat(aggregateRoundTrip(empty)).usingRecursiveComparison().isEqualTo(empty);
        assertThat(empty.task()).isNull(); // nulls survive, as in a window's first aggregate
    }

    @Test
    void anAggregateIsSmallerThanItsJson() {
        RollingAggregate a = digitsAggregate();
        byte[] compact = aggregates.serializer().serialize("t", a);
        assertThat(compact[0]).isEqualTo(CompactSerde.FORMAT_1);
        assertThat(compact.length).isLessThan(Json.write(a).length / 2);
    }

    @Test
    void anAggregateWrittenAsJsonByAnEarlierJoinerStillReads() {
        RollingAggregate a = digitsAggregate();
        RollingAggregate old = aggregates.deserializer().deserialize("t", Json.write(a));
        assertThat(old).usingRecursiveComparison().isEqualTo(a);
    }

    @Test
    void aNullAggregateArrayStaysNull() {
        RollingAggregate a = digitsAggregate();
        RollingAggregate noConfusion = new RollingAggregate(a.task(), a.family(), a.version(), a.alias(), a.matched(),
                a.expired(), a.regressionCount(), a.sumSquaredLogError(), a.sumAbsError(), a.classifiedCount(),
                a.correctCount(), a.sumPredicted(), a.lagCounts(), a.predictedCounts(), null, a.pointsCount(),
                a.sumPoints(), a.games(), a.gamesWon());
        assertThat(aggregateRoundTrip(noConfusion).confusion()).isNull();
    }

    @Test
    void everyOptionalFieldOfAnEventSurvivesPresentOrAbsent() {
        MetricEvent all = new MetricEvent("rps", "xgboost", "v3", "shadow1", true, 2, 1, 0.25, false, 1_234_567_890L,
                1.0, -1.0, true);
        MetricEvent none = new MetricEvent("calories", "xgboost", "v1", "Production", false, 123.5, 0.0, null, null, 0L,
                null, null, null);
        MetricEvent some = new MetricEvent("calories", "xgboost", "v1", "B", true, 99.0, 3.5, 0.0012, null, 2_000L, 95.5);
        for (MetricEvent e : new MetricEvent[] {all, none, some}) {
            assertThat(eventRoundTrip(e)).isEqualTo(e);
            assertThat(events.deserializer().deserialize("t", Json.write(e))).isEqualTo(e);
        }
    }

    @Test
    void aTruncatedValueIsASerializationErrorNamingTheType() {
        byte[] bytes = aggregates.serializer().serialize("t", digitsAggregate());
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> aggregates.deserializer().deserialize("store", cut))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("RollingAggregate").hasMessageContaining("store");
    }

    private final PendingPredictionSerde pending = new PendingPredictionSerde();

    private PendingPrediction pendingRoundTrip(PendingPrediction p) {
        return pending.deserializer().deserialize("t", pending.serializer().serialize("t", p));
    }

    @Test
    void aPendingPredictionReadsBackWithEveryOutputAndScore() {
        PredictionRecord digits = JoinerFixtures.digitsPrediction("d-1", 7, 1, 1_700_000_000_123L);
        PredictionRecord calories = JoinerFixtures.prediction("c-1", 101.5, 99.25, 1_700_000_000_456L);
        PredictionRecord noServed = new PredictionRecord("n-1", "calories", null,
                List.of(JoinerFixtures.digitOutput("v2", "shadow1", 3)), 5L, 6L, false, true);
        for (PredictionRecord r : List.of(digits, calories, noServed)) {
            PendingPrediction open = PendingPrediction.open(r, 1_000L, 3_601_000L);
            assertThat(pendingRoundTrip(open)).isEqualTo(open);
            assertThat(pending.deserializer().deserialize("t", Json.write(open))).isEqualTo(open);
        }
        assertThat(digits.served().scores()).isNotEmpty();
        PendingPrediction resolved = PendingPrediction.open(digits, 1_000L, 3_601_000L)
                .resolved(PendingPrediction.Status.EXPIRED, 7_201_000L);
        assertThat(pendingRoundTrip(resolved)).isEqualTo(resolved);
        assertThat(pending.serializer().serialize("t", resolved)).hasSizeLessThan(16);
    }

    @Test
    void heldFeedbackReadsBackWithItsOriginalJsonAndRpsRound() {
        GroundTruth calories = new GroundTruth("c-9", 80.5, 1_700_000_000_000L, "{\"id\":\"c-9\",\"Calories\":80.5}");
        GroundTruth rps = new GroundTruth("g:3", 1, 1_700_000_000_001L, "{\"id\":\"g:3\",\"move\":\"paper\"}",
                new RpsRound(2.5, true, RpsRound.BOT));
        GroundTruth bareRps = new GroundTruth("g", 2, 5L, "{}", new RpsRound(null, false, null));
        for (GroundTruth t : List.of(calories, rps, bareRps)) {
            PendingPrediction held = PendingPrediction.held(t, 1_000L, 3_601_000L);
            assertThat(pendingRoundTrip(held)).isEqualTo(held);
            assertThat(held.nextDue()).isEqualTo(3_601_000L);
        }
    }

    @Test
    void extremeNumbersSurvive() {
        CompactSerde.Writer w = new CompactSerde.Writer();
        long[] longs = {0, 1, -1, 63, 64, -64, -65, Long.MAX_VALUE, Long.MIN_VALUE, 1_700_000_000_000L};
        double[] doubles = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -123.456e300};
        for (long v : longs) {
            w.writeLong(v);
        }
        for (double d : doubles) {
            w.writeDouble(d);
        }
        w.writeString("ünïcödé ✓");
        w.writeString(null);
        CompactSerde.Reader r = new CompactSerde.Reader(w.toByteArray(), 0);
        for (long v : longs) {
            assertThat(r.readLong()).isEqualTo(v);
        }
        for (double d : doubles) {
            assertThat(Double.doubleToRawLongBits(r.readDouble())).isEqualTo(Double.doubleToRawLongBits(d));
        }
        assertThat(r.readString()).isEqualTo("ünïcödé ✓");
        assertThat(r.readString()).isNull();
    }

    /** Corrupt state must fail as a SerializationException (which Streams reports), never anything else. */
    @Test
    void randomBytesAfterTheFormatByteFailCleanly() {
        SplittableRandom random = new SplittableRandom(8);
        List<CompactSerde<?>> serdes = List.of(aggregates, events, pending);
        int failed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(64)];
            for (int j = 1; j < bytes.length; j++) {
                bytes[j] = (byte) random.nextInt(256);
            }
            bytes[0] = CompactSerde.FORMAT_1;
            CompactSerde<?> serde = serdes.get(i % serdes.size());
            try {
                serde.deserializer().deserialize("t", bytes);
            } catch (SerializationException e) {
                failed++;
            }
        }
        assertThat(failed).isGreaterThan(19_000);
    }
}
