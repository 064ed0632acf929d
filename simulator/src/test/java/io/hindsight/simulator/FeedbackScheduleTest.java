package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FeedbackScheduleTest {
    private static final long SEC = TimeUnit.SECONDS.toNanos(1);

    @Test
    void feedbackComesOutWhenDueInDueOrderTiesInArrivalOrder() {
        BurstScheduleTest.FakeTicker clock = new BurstScheduleTest.FakeTicker();
        long t0 = clock.now;
        FeedbackSchedule<Double> schedule = new FeedbackSchedule<>(clock, 300 * SEC);
        schedule.add("a", "a", 10.0);
        schedule.add("b", "b", 20.0);
        clock.now = t0 + 2 * SEC;
        schedule.add("c", "c", 30.0);

        assertThat(schedule.pollDue(t0 + 299 * SEC)).isEmpty();
        assertThat(schedule.nanosUntilNext(t0 + 299 * SEC)).isEqualTo(SEC);
        assertThat(schedule.size()).isEqualTo(3);

        List<FeedbackSchedule.Pending<Double>> due = schedule.pollDue(t0 + 300 * SEC);
        assertThat(due).extracting(FeedbackSchedule.Pending::key).containsExactly("a", "b");
        assertThat(due).extracting(FeedbackSchedule.Pending::truth).containsExactly(10.0, 20.0);
        assertThat(schedule.pollDue(t0 + 301 * SEC)).isEmpty();
        assertThat(schedule.pollDue(t0 + 302 * SEC)).extracting(FeedbackSchedule.Pending::key).containsExactly("c");
        assertThat(schedule.size()).isZero();
        assertThat(schedule.nanosUntilNext(t0)).isEqualTo(-1);
    }

    @Test
    void anOverduePollReturnsEverythingEarliestFirst() {
        BurstScheduleTest.FakeTicker clock = new BurstScheduleTest.FakeTicker();
        long t0 = clock.now;
        FeedbackSchedule<Double> schedule = new FeedbackSchedule<>(clock, 60 * SEC);
        for (int i = 0; i < 50; i++) {
            clock.now = t0 + (i % 5) * SEC; // answers arrive out of id order
            schedule.add((long) i, Long.toString(i), (double) i);
        }
        List<FeedbackSchedule.Pending<Double>> due = schedule.pollDue(t0 + 3600 * SEC);
        assertThat(due).hasSize(50);
        assertThat(due).isSortedAccordingTo((x, y) -> x.dueNanos() != y.dueNanos()
                ? Long.compare(x.dueNanos(), y.dueNanos()) : Long.compare(x.seq(), y.seq()));
        assertThat(due.get(0).id()).isEqualTo(0L);
        assertThat(due.get(1).id()).isEqualTo(5L);
    }

    @Test
    void awaitDueReturnsAtOnceWhatIsAlreadyDue() throws InterruptedException {
        BurstScheduleTest.FakeTicker clock = new BurstScheduleTest.FakeTicker();
        FeedbackSchedule<Double> schedule = new FeedbackSchedule<>(clock, 0);
        schedule.add("x", "x", 1.0);
        assertThat(schedule.awaitDue(TimeUnit.HOURS.toNanos(1))).extracting(FeedbackSchedule.Pending::key).containsExactly("x");
    }

    @Test
    void clearDropsAndCountsWhatIsPending() {
        FeedbackSchedule<Double> schedule = new FeedbackSchedule<>(new BurstScheduleTest.FakeTicker(), SEC);
        schedule.add("x", "x", 1.0);
        schedule.add("y", "y", 2.0);
        assertThat(schedule.clear()).isEqualTo(2);
        assertThat(schedule.size()).isZero();
    }

    @Test
    void feedbackShareIsDeterministicAndClose() {
        int selected = 0;
        for (long seq = 0; seq < 100_000; seq++) {
            boolean s = FeedbackSchedule.selected(seq, 0.3);
            assertThat(FeedbackSchedule.selected(seq, 0.3)).isEqualTo(s);
            if (s) {
                selected++;
            }
        }
        assertThat(selected).isBetween(29_000, 31_000);
        assertThat(FeedbackSchedule.selected(123, 1.0)).isTrue();
        assertThat(FeedbackSchedule.selected(123, 0.0)).isFalse();
        // a larger share keeps every record a smaller share picked
        for (long seq = 0; seq < 1_000; seq++) {
            if (FeedbackSchedule.selected(seq, 0.2)) {
                assertThat(FeedbackSchedule.selected(seq, 0.5)).isTrue();
            }
        }
    }
}
