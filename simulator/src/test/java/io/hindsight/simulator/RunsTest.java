package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Stream and load runs against an in-memory target: no network, no sleeps. */
class RunsTest {

    @Test
    void streamRunSendsEveryRecordAndTheTruthOfTheChosenShare() throws InterruptedException {
        int n = 60;
        RecordingTarget target = new RecordingTarget();
        Feed<CaloriesRow> feed = new Feed<>(RecordSource.generator(11), RunIds.text("t-"), n);
        StreamRun.Settings settings = new StreamRun.Settings(BurstSchedule.steady(100_000), null, Duration.ZERO, 0.5, 8, true);
        StreamRun<CaloriesRow> run = new StreamRun<>(settings, feed, target, new CaloriesWorkload(), Ticker.system(), () -> 1_795_444_349_000L);

        long abandoned = run.run(new StopSignal());

        assertThat(abandoned).isZero();
        assertThat(run.stats().sent()).isEqualTo(n);
        assertThat(run.stats().answered()).isEqualTo(n);
        List<CaloriesRow> rows = new CaloriesGenerator(11).next(n);
        Map<String, CaloriesRow> bySentId = new HashMap<>();
        for (JsonNode p : target.predicts) {
            String id = p.get("id").asString();
            int seq = Integer.parseInt(id.substring(2));
            assertThat(p.get("Heart_Rate").asDouble()).isEqualTo(rows.get(seq).record().heartRate());
            bySentId.put(id, rows.get(seq));
        }
        assertThat(bySentId).hasSize(n);
        long expectedFeedback = java.util.stream.LongStream.range(0, n).filter(s -> FeedbackSchedule.selected(s, 0.5)).count();
        assertThat(target.feedbacks).hasSize((int) expectedFeedback);
        for (JsonNode f : target.feedbacks) {
            String id = f.get("id").asString();
            assertThat(FeedbackSchedule.selected(Long.parseLong(id.substring(2)), 0.5)).isTrue();
            assertThat(f.get("Calories").asDouble()).isEqualTo(bySentId.get(id).calories());
            assertThat(f.get("ts").asDouble()).isEqualTo(1_795_444_349.0);
        }
        assertThat(run.stats().feedbackSent()).isEqualTo(expectedFeedback);
        assertThat(run.pendingFeedback()).isZero();
    }

    @Test
    void streamRunThatIsNotToldToWaitDropsPendingFeedbackAndSaysSo() throws InterruptedException {
        RecordingTarget target = new RecordingTarget();
        Feed<CaloriesRow> feed = new Feed<>(RecordSource.generator(1), RunIds.text("t-"), 5);
        StreamRun.Settings settings = new StreamRun.Settings(BurstSchedule.steady(100_000), null, Duration.ofHours(1), 1.0, 2, false);
        StreamRun<CaloriesRow> run = new StreamRun<>(settings, feed, target, new CaloriesWorkload(), Ticker.system(), System::currentTimeMillis);

        assertThat(run.run(new StopSignal())).isEqualTo(5);
        assertThat(target.feedbacks).isEmpty();
        assertThat(run.pendingFeedback()).isZero();
    }

    @Test
    void loadRunCountsAnswersAndErrorsByKind() throws InterruptedException {
        RecordingTarget target = new RecordingTarget(n -> n % 4 == 3 ? "http 503" : null);
        Feed<CaloriesRow> feed = new Feed<>(RecordSource.generator(3), RunIds.number(1_000), 200);
        LoadRun<CaloriesRow> run = new LoadRun<>(new LoadRun.Settings(4, Duration.ZERO, null), feed, target, new CaloriesWorkload(),
                Ticker.system());

        long elapsed = run.run(new StopSignal());

        assertThat(elapsed).isPositive();
        assertThat(run.measured().sent()).isEqualTo(200);
        assertThat(run.measured().answered()).isEqualTo(150);
        assertThat(run.measured().errorsByKind()).containsExactly(Map.entry("predict http 503", 50L));
        assertThat(run.measured().latency().getTotalCount()).isEqualTo(150);
        assertThat(target.predicts).extracting(p -> p.get("id").asLong()).doesNotHaveDuplicates()
                .allMatch(id -> id >= 1_000 && id < 1_200);
    }
}
