package io.hindsight.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuSnapshotTest {

    @Test
    void busyTicksAreEverythingButIdleAndIowaitGuestTimeNotCountedTwice() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        assertThat(CpuSnapshot.busyTicks("cpu  100 5 50 1000 20 3 2 1 7 9")).isEqualTo(100 + 5 + 50 + 3 + 2 + 1);
        assertThat(CpuSnapshot.busyTicks("cpu 1 2 3 4")).isEqualTo(6);
    }

    @Test
    void threadGroupsMaskIdsAndNumbers() {
        assertThat(CpuSnapshot.group("data-plane-kafka-request-handler-3")).isEqualTo("data-plane-kafka-request-handler-#");
        assertThat(CpuSnapshot.group("hindsight-joiner-calories-0f8e3c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6-StreamThread-1"))
                .isEqualTo("hindsight-joiner-calories-<id>-StreamThread-#");
    }
}
