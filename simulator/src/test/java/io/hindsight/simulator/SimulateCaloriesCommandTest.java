package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option handling: what is refused before anything is sent. */
class SimulateCaloriesCommandTest {
    @TempDir
    Path dir;

    private final SimulateCli cli = new SimulateCli();
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void refusesBadOptionsWithExitCode2AndAReason() throws IOException {
        assertThat(run("calories", "--source", "csv")).isEqualTo(2);
        assertThat(err.toString()).contains("--source csv needs --csv PATH");

        assertThat(run("calories", "--feedback-delay", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("a number needs a unit");

        assertThat(run("calories", "--routes", "v2")).isEqualTo(2);
        assertThat(err.toString()).contains("'v2' is not one of v1, seed");

        assertThat(run("calories", "--feedback-share", "1.5")).isEqualTo(2);
        assertThat(run("calories", "--rate", "0")).isEqualTo(2);
        assertThat(run("calories", "--burst", "0s")).isEqualTo(2);
        assertThat(run("calories", "--concurrency", "0")).isEqualTo(2);
        assertThat(run("calories", "--url", "localhost:8080")).isEqualTo(2);
        assertThat(run("calories", "--routes", "seed", "--id-prefix", "x-")).isEqualTo(2);
        assertThat(err.toString()).contains("--id-prefix is for text ids");
        assertThat(run("calories", "--csv", dir.resolve("missing.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
    }

    @Test
    void feedbackFromACsvNeedsItsCaloriesColumn() throws IOException {
        Path test = dir.resolve("test.csv");
        Files.write(test, List.of("id,Sex,Age,Height,Weight,Duration,Heart_Rate,Body_Temp", "750000,female,45,177,81,7,87,39.8"));
        assertThat(run("calories", "--csv", test.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("has no Calories column").contains("--feedback-share 0");

        Path bad = dir.resolve("bad.csv");
        Files.write(bad, List.of("id,Sex,Age"));
        assertThat(run("calories", "--csv", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("CSV header lacks Height");
    }

    @Test
    void simulateWithoutATaskShowsUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand").contains("calories");
    }
}
