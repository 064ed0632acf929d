package io.hindsight.contracts.calories;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaloriesGeneratorTest {

    @Test
    void sameSeedSameRows() {
        assertThat(new CaloriesGenerator(7).next(100)).isEqualTo(new CaloriesGenerator(7).next(100));
        assertThat(new CaloriesGenerator(7).next(5)).isNotEqualTo(new CaloriesGenerator(8).next(5));
    }

    @Test
    void rowsStayInsideTheRequestSchemaAndFollowKeytel() {
        List<CaloriesRow> rows = new CaloriesGenerator(42).next(2000);
        for (CaloriesRow row : rows) {
            byte[] json = io.hindsight.contracts.json.Json.write(row.record());
            assertThat(CaloriesWire.REQUEST.read(json).isOk()).isTrue();
            assertThat(row.calories()).isGreaterThanOrEqualTo(1.0);
        }
        // Keytel for a 30-year-old 80 kg man at 100 bpm: (-55.0969 + 63.09 + 15.904 + 6.051) / 4.184 = 7.166 kcal/min
        assertThat(CaloriesGenerator.keytelKcalPerMinute(true, 100, 80, 30)).isCloseTo(7.166, org.assertj.core.data.Offset.offset(0.01));
        double meanDuration = rows.stream().mapToDouble(r -> r.record().duration()).average().orElseThrow();
        assertThat(meanDuration).isBetween(14.0, 17.0);
    }

    @Test
    void featureVectorOrderMatchesTheNames() {
        CaloriesRecord r = new CaloriesRecord("1", "female", 30, 160, 60, 10, 90, 39.0);
        assertThat(CaloriesFeatures.vector(r)).containsExactly(0.0, 30, 160, 60, 10, 90, 39.0);
        assertThat(CaloriesFeatures.NAMES).hasSize(CaloriesFeatures.vector(r).length);
        assertThat(CaloriesFeatures.toCalories(CaloriesFeatures.target(123.4))).isCloseTo(123.4, org.assertj.core.data.Offset.offset(1e-9));
    }
}
