package io.hindsight.trainer.calories;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.calories.CaloriesFeedback;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.TrainingRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaloriesLiveDatasetTest {
    private static final List<TrainingRange> RANGES = List.of(new TrainingRange(CaloriesLiveDataset.REQUESTS, 0, 0, 10));

    private static CaloriesLiveDataset.Raw raw(int partition, long offset, long ts, Object value) {
        byte[] bytes = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Json.write(value);
        return new CaloriesLiveDataset.Raw(partition, offset, ts, bytes);
    }

    @Test
    void joinsByIdInRequestTimeOrderAndCountsWhatItSkips() {
        List<CaloriesRow> gen = new CaloriesGenerator(5L).next(6);
        List<CaloriesLiveDataset.Raw> requests = new ArrayList<>();
        // partition and offset order differ from time order: time decides
        requests.add(raw(1, 0, 3_000, gen.get(3).record()));
        requests.add(raw(0, 0, 1_000, gen.get(1).record()));
        requests.add(raw(0, 1, 2_000, gen.get(2).record()));
        requests.add(raw(2, 0, 500, gen.get(0).record()));
        requests.add(raw(2, 1, 4_000, gen.get(4).record())); // never gets feedback
        requests.add(raw(0, 2, 5_000, "{not json"));
        requests.add(raw(0, 3, 5_001, "{\"id\":\"x\",\"Sex\":\"male\",\"Age\":500,\"Height\":170,\"Weight\":70,"
                + "\"Duration\":10,\"Heart_Rate\":90,\"Body_Temp\":39}")); // Age out of range
        requests.add(raw(1, 1, 6_000, gen.get(1).record().withId(gen.get(1).record().id()))); // a retry: first kept

        List<CaloriesLiveDataset.Raw> feedback = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            feedback.add(raw(i % 3, 10 + i, 10_000 + i, new CaloriesFeedback(gen.get(i).record().id(), gen.get(i).calories(), 1.7e9)));
        }
        feedback.add(raw(0, 20, 20_000, new CaloriesFeedback(gen.get(2).record().id(), 123.0, 1.7e9))); // correction: latest kept
        feedback.add(raw(1, 20, 20_001, new CaloriesFeedback("no-such-request", 50.0, 1.7e9)));
        feedback.add(raw(1, 21, 20_002, new CaloriesFeedback("x", 50.0, 1.7e9))); // its request was invalid
        feedback.add(raw(2, 20, 20_003, "{\"id\":\"" + gen.get(3).record().id() + "\",\"Calories\":-4}"));

        CaloriesLiveDataset ds = CaloriesLiveDataset.join(requests, feedback, RANGES);

        assertThat(ds.rows()).containsExactly(gen.get(0), gen.get(1), new CaloriesRow(gen.get(2).record(), 123.0), gen.get(3));
        assertThat(ds.counts()).isEqualTo(new CaloriesLiveDataset.Counts(8, 8, 2, 1, 1, 1, 1, 2, 4));
        assertThat(ds.ranges()).isEqualTo(RANGES);
        assertThat(ds.source()).isEqualTo("kafka:calories.requests-0[0,10)");
        assertThat(ds.describeForProvenance()).containsEntry("unmatchedFeedback", 2L).containsEntry("invalidRequests", 2L)
                .containsEntry("labelled", 4L);
    }

    @Test
    void numericIdsJoinWithTheirTextForm() {
        String request = "{\"id\":7,\"Sex\":\"female\",\"Age\":30,\"Height\":160,\"Weight\":60,\"Duration\":12,"
                + "\"Heart_Rate\":95,\"Body_Temp\":39.5}";
        CaloriesLiveDataset ds = CaloriesLiveDataset.join(List.of(raw(0, 0, 1, request)),
                List.of(raw(0, 0, 2, "{\"id\":\"7\",\"Calories\":61.5}")), RANGES);
        assertThat(ds.rows()).hasSize(1);
        assertThat(ds.rows().get(0).calories()).isEqualTo(61.5);
        assertThat(ds.rows().get(0).record().id()).isEqualTo("7");
    }

    @Test
    void sameRecordsGiveTheSameRowsWhateverTheReadOrder() {
        List<CaloriesRow> gen = new CaloriesGenerator(6L).next(50);
        List<CaloriesLiveDataset.Raw> req = new ArrayList<>();
        List<CaloriesLiveDataset.Raw> fb = new ArrayList<>();
        for (int i = 0; i < gen.size(); i++) {
            req.add(raw(i % 3, i / 3, 1_000L * i, gen.get(i).record()));
            fb.add(raw(i % 3, i / 3, 1_000L * i + 500, new CaloriesFeedback(gen.get(i).record().id(), gen.get(i).calories(), 1.7e9)));
        }
        List<CaloriesLiveDataset.Raw> reversed = new ArrayList<>(req);
        java.util.Collections.reverse(reversed);
        assertThat(CaloriesLiveDataset.join(reversed, fb, RANGES).rows()).isEqualTo(gen)
                .isEqualTo(CaloriesLiveDataset.join(req, fb, RANGES).rows());
    }
}
