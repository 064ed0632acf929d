package io.hindsight.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartLogTest {

    @Test
    void aLogLineTimeIsSecondsAfterTheStartAcrossMidnightToo() {
        assertThat(ColdStartBenchCommand.secondsAfter("12:00:05.250 INFO  [main] x - y", LocalTime.parse("12:00:00.000")))
                .isCloseTo(5.25, within(1e-9));
        assertThat(ColdStartBenchCommand.secondsAfter("00:00:01.500 INFO  [main] x - y", LocalTime.parse("23:59:58.000")))
                .isCloseTo(3.5, within(1e-9));
        assertThat(ColdStartBenchCommand.secondsAfter("not a time at all", LocalTime.NOON)).isNaN();
        assertThat(ColdStartBenchCommand.secondsAfter("short", LocalTime.NOON)).isNaN();
    }

    @Test
    void milestonesAreTheFirstLineOfEachKind(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("hindsight.log");
        Files.write(log, List.of(
                "picocli banner without a time",
                "10:00:02.000 INFO  [main] i.h.a.Hindsight - Hindsight 0.1.0 starting roles [gateway]",
                "10:00:04.500 INFO  [main] i.h.b.EmbeddedKafka - embedded Kafka (KRaft) on localhost:1 in 2000 ms",
                "10:00:09.000 INFO  [main] i.h.t.FirstStartTraining - first-start training done in 4000 ms: [a, b]",
                "10:00:12.250 INFO  [main] i.h.a.Hindsight - Hindsight is up in 10000 ms; roles [gateway]",
                "10:00:13.000 INFO  [main] i.h.a.Hindsight - Hindsight is up in 99 ms; a second line is ignored"));
        var m = ColdStartBenchCommand.milestones(log, LocalTime.parse("10:00:00.000"));
        assertThat(m).containsEntry("Hindsight.start", 2.0).containsEntry("broker up", 4.5)
                .containsEntry("calories models published", 9.0).containsEntry("all roles + HTTP started", 12.25);
        assertThat(m.keySet()).containsExactly("Hindsight.start", "broker up", "calories models published",
                "all roles + HTTP started");
    }
}
