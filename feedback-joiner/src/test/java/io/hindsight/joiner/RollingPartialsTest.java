package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.compact.CompactSerde;
import io.hindsight.contracts.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Pre-aggregating before the rolling windows must give the windows exactly what one-by-one events gave. */
class RollingPartialsTest {
    private static MetricEvent randomEvent(SplittableRandom r, String task) {
        if (r.nextInt(10) == 0) {
            return new MetricEvent(task, "f", "v1", "Production", false, r.nextDouble(300), 0.0, null, null, 0L, null);
        }
        double predicted = r.nextInt(10);
        double truth = r.nextInt(10);
        boolean classifier = task.equals("digits");
        return new MetricEvent(task, "f", "v1", "Production", true, predicted, Math.abs(predicted - truth),
                classifier ? null : r.nextDouble(), classifier ? predicted == truth : null, r.nextLong(3_600_000), truth,
                r.nextBoolean() ? (double) r.nextInt(-1, 2) : null, r.nextInt(4) == 0 ? r.nextBoolean() : null);
    }

    @Test
    void partialsMergedInAnyGroupingEqualEveryEventAddedInTurn() {
        for (Task task : List.of(Task.DIGITS, Task.CALORIES, Task.RPS)) {
            RollingMetricsAggregator agg = new RollingMetricsAggregator(TaskProfile.of(task));
            SplittableRandom r = new SplittableRandom(11);
            List<MetricEvent> events = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                events.add(randomEvent(r, task.id()));
            }
            RollingAggregate oneByOne = agg.empty();
            for (MetricEvent e : events) {
                oneByOne = agg.add(oneByOne, e);
            }
            // random cuts into partials, each folded on its own, then merged into a window as the topology does
            RollingAggregate window = agg.empty();
            RollingAggregate partial = agg.empty();
            for (MetricEvent e : events) {
                partial = agg.add(partial, e);
                if (r.nextInt(7) == 0) {
                    window = window.merge(partial);
                    partial = agg.empty();
                }
            }
            window = window.merge(partial);
            assertThat(window.matched() + window.expired()).isEqualTo(500);
            assertThat(agg.toMetrics(window, 0, 1)).usingRecursiveComparison()
                    // sums of doubles in another order differ in the last bits
                    .withComparatorForType(RollingPartialsTest::closeEnough, Double.class)
                    .isEqualTo(agg.toMetrics(oneByOne, 0, 1));
            assertThat(window.lagCounts()).isEqualTo(oneByOne.lagCounts());
            assertThat(window.confusion()).isEqualTo(oneByOne.confusion());
            assertThat(window.sumAbsError()).isCloseTo(oneByOne.sumAbsError(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    private static int closeEnough(Double a, Double b) {
        return Math.abs(a - b) <= 1e-12 * Math.max(1.0, Math.abs(a)) ? 0 : Double.compare(a, b);
    }

    @Test
    void anAggregateWithoutConfusionCountsMergesAsZeros() {
        RollingMetricsAggregator agg = new RollingMetricsAggregator(TaskProfile.of(Task.DIGITS));
        RollingAggregate withCells = agg.add(agg.empty(), RollingMetricsAggregatorTest.classified(7, 7));
        RollingAggregate old = new RollingAggregate("digits", "cnn", "v1", "Production", 1, 0, 0, 0, 0, 1, 1, 7,
                withCells.lagCounts(), withCells.predictedCounts(), null, 0, 0, 0, 0);
        RollingAggregate merged = old.merge(withCells);
        assertThat(merged.matched()).isEqualTo(2);
        assertThat(merged.confusion()).isEqualTo(withCells.confusion());
        assertThat(withCells.merge(old).confusion()).isEqualTo(withCells.confusion());
        assertThatThrownBy(() -> withCells.merge(agg.add(new RollingMetricsAggregator(TaskProfile.of(Task.CALORIES)).empty(),
                randomEvent(new SplittableRandom(1), "calories")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bucketsNeverStraddleAWindowBoundary() {
        JoinerConfig c = JoinerConfig.defaults(Task.CALORIES);
        assertThat(RollingPartials.bucketMs(c)).isEqualTo(60_000); // 5 min windows every 1 min
        assertThat(RollingPartials.bucketMs(c.withWindow(Duration.ofSeconds(300), Duration.ofSeconds(120)))).isEqualTo(60_000);
        assertThat(RollingPartials.bucketMs(c.withWindow(Duration.ofSeconds(10), Duration.ofSeconds(10)))).isEqualTo(10_000);
    }

    @Test
    void aPartialCrossesTheRepartitionFieldForField() {
        RollingMetricsAggregator agg = new RollingMetricsAggregator(TaskProfile.of(Task.DIGITS));
        SeriesPartialSerde serde = new SeriesPartialSerde(agg);
        RollingAggregate a = agg.add(agg.add(agg.empty(), RollingMetricsAggregatorTest.classified(7, 1)),
                MetricEvent.expired("digits", JoinerFixtures.digitOutput("v1", "Production", 5)));
        byte[] bytes = serde.serializer().serialize("t", a);
        assertThat(bytes[0]).isEqualTo(SeriesPartialSerde.PARTIAL);
        assertThat(serde.deserializer().deserialize("t", bytes)).usingRecursiveComparison().isEqualTo(a);
        RollingPartialSerde stored = new RollingPartialSerde();
        RollingPartial p = new RollingPartial(1_700_000_000_123L, a);
        assertThat(stored.deserializer().deserialize("t", stored.serializer().serialize("t", p)))
                .usingRecursiveComparison().isEqualTo(p);
    }

    /** An earlier joiner's one-event record still on the repartition topic during an upgrade counts as that event. */
    @Test
    void aMetricEventLeftOnTheTopicByAnEarlierJoinerReadsAsItsOwnPartial() {
        RollingMetricsAggregator agg = new RollingMetricsAggregator(TaskProfile.of(Task.DIGITS));
        SeriesPartialSerde serde = new SeriesPartialSerde(agg);
        MetricEvent e = RollingMetricsAggregatorTest.classified(3, 8);
        RollingAggregate expected = agg.add(agg.empty(), e);
        byte[] compact = new MetricEventSerde().serializer().serialize("t", e);
        assertThat(compact[0]).isEqualTo(CompactSerde.FORMAT_1);
        assertThat(serde.deserializer().deserialize("t", compact)).usingRecursiveComparison().isEqualTo(expected);
        assertThat(serde.deserializer().deserialize("t", Json.write(e))).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void corruptPartialsFailAsSerializationErrors() {
        SeriesPartialSerde serde = new SeriesPartialSerde(new RollingMetricsAggregator(TaskProfile.of(Task.CALORIES)));
        SplittableRandom random = new SplittableRandom(9);
        int failed = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(64)];
            for (int j = 1; j < bytes.length; j++) {
                bytes[j] = (byte) random.nextInt(256);
            }
            bytes[0] = i % 2 == 0 ? SeriesPartialSerde.PARTIAL : CompactSerde.FORMAT_1;
            try {
                serde.deserializer().deserialize("t", bytes);
            } catch (SerializationException e) {
                failed++;
            }
        }
        assertThat(failed).isGreaterThan(9_500);
    }
}
