package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.compact.CompactPredictions;
import io.hindsight.contracts.compact.CompactSerde;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class DriftSerdesTest {

    private static <T> T roundTrip(Serde<T> serde, T value) {
        byte[] bytes = serde.serializer().serialize("t", value);
        assertThat(bytes[0]).isEqualTo(CompactSerde.FORMAT_1);
        return serde.deserializer().deserialize("t", bytes);
    }

    @Test
    void everyInternalValueReadsBackFieldForField() {
        RequestBins bins = new RequestBins(new int[]{3, -1, 0}, new int[]{10, 0, 4});
        assertThat(roundTrip(DriftSerdes.REQUEST_BINS, bins)).usingRecursiveComparison().isEqualTo(bins);

        FeatureWindowCounts counts = FeatureWindowCounts.empty().plus(bins).plus(new RequestBins(new int[]{3, -1, 2}, new int[]{10, 0, 4}));
        assertThat(roundTrip(DriftSerdes.FEATURE_COUNTS, counts)).usingRecursiveComparison().isEqualTo(counts);
        assertThat(roundTrip(DriftSerdes.FEATURE_COUNTS, FeatureWindowCounts.empty()).counts()).isNull();

        SeriesValue v = new SeriesValue("xgboost", "calories-xgboost-1", "Production", 0.0123);
        assertThat(roundTrip(DriftSerdes.SERIES_VALUE, v)).isEqualTo(v);
        LossSum loss = LossSum.empty().plus(v).plus(v);
        assertThat(roundTrip(DriftSerdes.LOSS_SUM, loss)).isEqualTo(loss);
        assertThat(roundTrip(DriftSerdes.LOSS_SUM, LossSum.empty())).isEqualTo(LossSum.empty());
        ConfidenceSum confidence = ConfidenceSum.empty().plus(v);
        assertThat(roundTrip(DriftSerdes.CONFIDENCE_SUM, confidence)).isEqualTo(confidence);
        CaloriesRecord request = new CaloriesRecord("r-1", "female", 41, 170.5, 66.1, 23, 101, 40.2);
        assertThat(roundTrip(DriftSerdes.CALORIES_REQUEST, request)).isEqualTo(request);
        PredictionRecord prediction = new PredictionRecord("r-1", "calories",
                new ModelOutput("xgboost", "v1", "Production", 88.5, List.of()),
                List.of(new ModelOutput("xgboost", "v2", "shadow1", 91.0, List.of(0.25, 0.75))), 10L, 12L, false, false);
        assertThat(roundTrip(CompactPredictions.SERDE, prediction)).isEqualTo(prediction);
    }

    @Test
    void binsCountPerFeatureAndLeaveMissingFeaturesNull() {
        FeatureWindowCounts counts = FeatureWindowCounts.empty()
                .plus(new RequestBins(new int[]{1, -1}, new int[]{3, 0}))
                .plus(new RequestBins(new int[]{1, -1}, new int[]{3, 0}))
                .plus(new RequestBins(new int[]{2, -1}, new int[]{3, 0}));
        assertThat(counts.counts()[0]).containsExactly(0, 2, 1);
        assertThat(counts.counts()[1]).isNull();
    }

    /** A changelog or repartition topic written as JSON before the compact form existed still restores. */
    @Test
    void valuesWrittenAsJsonByAnEarlierVersionStillRead() {
        SeriesValue v = new SeriesValue("xgboost", "v1", "B", 0.5);
        assertThat(DriftSerdes.SERIES_VALUE.deserializer().deserialize("t", Json.write(v))).isEqualTo(v);
        LossSum loss = LossSum.empty().plus(v);
        assertThat(DriftSerdes.LOSS_SUM.deserializer().deserialize("t", Json.write(loss))).isEqualTo(loss);
        CaloriesRecord request = new CaloriesRecord("r-2", "male", 30, 180, 80, 10, 95, 39.5);
        assertThat(DriftSerdes.CALORIES_REQUEST.deserializer().deserialize("t", Json.write(request))).isEqualTo(request);
    }

    /** Corrupt state must fail as a SerializationException (which Streams reports), never anything else. */
    @Test
    void randomBytesAfterTheFormatByteFailCleanly() {
        SplittableRandom random = new SplittableRandom(11);
        List<Serde<?>> serdes = List.of(DriftSerdes.REQUEST_BINS, DriftSerdes.FEATURE_COUNTS, DriftSerdes.SERIES_VALUE,
                DriftSerdes.LOSS_SUM, DriftSerdes.CONFIDENCE_SUM, DriftSerdes.CALORIES_REQUEST, CompactPredictions.SERDE);
        int failed = 0;
        int other = 0;
        for (int i = 0; i < 14_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(48)];
            for (int j = 1; j < bytes.length; j++) {
                bytes[j] = (byte) random.nextInt(256);
            }
            bytes[0] = CompactSerde.FORMAT_1;
            try {
                serdes.get(i % serdes.size()).deserializer().deserialize("t", bytes);
            } catch (SerializationException e) {
                failed++;
            } catch (RuntimeException e) {
                other++;
            }
        }
        assertThat(other).as("failures other than SerializationException").isZero();
        assertThat(failed).isGreaterThan(10_000);
    }
}
