package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BurstScheduleTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A clock that moves only when told. */
    static final class FakeTicker implements Ticker {
        long now = 1_000_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    @Test
    void twentyPerSecondForFiveSecondsThenIdleGivesOneHundredPerThirtySecondCycle() {
        FakeTicker clock = new FakeTicker();
        long t0 = clock.now;
        Pacer pacer = new Pacer(new BurstSchedule(20, Duration.ofSeconds(5), Duration.ofSeconds(25)), clock);
        List<Long> sendsAtMs = new ArrayList<>();
        for (long ms = 0; ms < 90_000; ms++) {
            clock.now = t0 + ms * MS;
            while (pacer.tryNext()) {
                sendsAtMs.add(ms);
            }
        }
        assertThat(sendsAtMs).hasSize(300);
        for (int cycle = 0; cycle < 3; cycle++) {
            List<Long> inCycle = sendsAtMs.subList(cycle * 100, cycle * 100 + 100);
            for (int k = 0; k < 100; k++) {
                assertThat(inCycle.get(k)).as("send %d of cycle %d", k, cycle).isEqualTo(cycle * 30_000L + k * 50L);
            }
        }
        // nothing between the end of a burst and the next cycle
        assertThat(sendsAtMs).noneMatch(ms -> ms % 30_000 >= 5_000);
    }

    @Test
    void pacerTellsHowLongUntilTheNextSend() {
        FakeTicker clock = new FakeTicker();
        long t0 = clock.now;
        Pacer pacer = new Pacer(new BurstSchedule(20, Duration.ofSeconds(5), Duration.ofSeconds(25)), clock);
        assertThat(pacer.nanosUntilNext()).isZero();
        assertThat(pacer.tryNext()).isTrue();
        assertThat(pacer.tryNext()).isFalse();
        assertThat(pacer.nanosUntilNext()).isEqualTo(50 * MS);
        for (int i = 1; i < 100; i++) {
            clock.now = t0 + i * 50 * MS;
            assertThat(pacer.tryNext()).isTrue();
        }
        clock.now = t0 + 4_950 * MS;
        assertThat(pacer.nanosUntilNext()).isEqualTo(25_050 * MS);
        assertThat(pacer.taken()).isEqualTo(100);
    }

    @Test
    void overdueSendsCatchUpInsteadOfDrifting() {
        FakeTicker clock = new FakeTicker();
        long t0 = clock.now;
        Pacer pacer = new Pacer(BurstSchedule.steady(10), clock);
        clock.now = t0 + 1_000 * MS;
        int burst = 0;
        while (pacer.tryNext()) {
            burst++;
        }
        assertThat(burst).isEqualTo(11); // offsets 0, 100, ..., 1000 ms
    }

    @Test
    void steadyStreamWhenIdleIsZero() {
        BurstSchedule s = new BurstSchedule(3, Duration.ofMillis(500), Duration.ZERO);
        assertThat(s.isSteady()).isTrue();
        assertThat(s.offsetNanos(0)).isZero();
        assertThat(s.offsetNanos(3)).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(s.offsetNanos(30)).isEqualTo(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void partialSlotsAtTheEndOfABurstStillCount() {
        // 3/s for 0.5 s: sends at 0 and 333 ms, then the next cycle at 1.5 s
        BurstSchedule s = new BurstSchedule(3, Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(s.sendsPerBurst()).isEqualTo(2);
        assertThat(s.offsetNanos(1)).isEqualTo(Math.round(1e9 / 3));
        assertThat(s.offsetNanos(2)).isEqualTo(1_500 * MS);
        // a rate too low for one send per burst still sends one per cycle
        assertThat(new BurstSchedule(0.1, Duration.ofSeconds(5), Duration.ofSeconds(25)).sendsPerBurst()).isEqualTo(1);
    }

    @Test
    void refusesImpossibleSchedules() {
        assertThatThrownBy(() -> new BurstSchedule(0, Duration.ofSeconds(5), Duration.ofSeconds(25)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BurstSchedule(Double.NaN, Duration.ofSeconds(5), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BurstSchedule(20, Duration.ZERO, Duration.ofSeconds(25)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BurstSchedule(20, Duration.ofSeconds(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
