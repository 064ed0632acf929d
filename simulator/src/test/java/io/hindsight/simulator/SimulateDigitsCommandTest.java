package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Option handling of simulate digits: what is refused before anything is sent, and the help. */
class SimulateDigitsCommandTest {
    private final SimulateCli cli = new SimulateCli();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void refusesBadOptionsWithExitCode2AndAReason() {
        assertThat(run("digits", "--wrong-label-share", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--wrong-label-share must be between 0 and 1");

        assertThat(run("digits", "--wrong-label-share", "-0.1")).isEqualTo(2);

        assertThat(run("digits", "--as", "strokes")).isEqualTo(2);
        assertThat(err.toString()).contains("'strokes' is not one of pixels, bitmap");

        assertThat(run("digits", "--routes", "seed")).as("the seed-004 API is calories only").isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--routes', 'seed'");

        assertThat(run("digits", "--feedback-share", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--feedback-share must be between 0 and 1");
        assertThat(run("digits", "--feedback-delay", "5")).isEqualTo(2);
        assertThat(run("digits", "--rate", "0")).isEqualTo(2);
        assertThat(run("digits", "--url", "localhost:8080")).isEqualTo(2);
        assertThat(run("digits", "--id-start", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("--id-start is for number ids");
    }

    @Test
    void helpListsTheDigitsOptionsAndTheSharedOnesWithTheDigitsTopics() {
        assertThat(run("digits", "--help")).isZero();
        assertThat(out.toString())
                .contains("--as=pixels|bitmap", "--wrong-label-share=SHARE", "--loop", "--seed=SEED")
                .contains("--target=http|kafka", "digits.requests / digits.feedback")
                .contains("--rate=RATE", "--burst=D", "--idle=D", "--feedback-delay=D", "--feedback-share=SHARE")
                .contains("--count=N", "--duration=D", "--concurrency=N", "--warmup=D", "--summary-json=PATH")
                .doesNotContain("--routes=", "--csv");
    }

    @Test
    void simulateListsBothTasks() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand").contains("calories").contains("digits");
    }
}
