package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateRpsCommandTest {
    private final SimulateCli cli = new SimulateCli("rps");

    private static List<String> roster(String... args) {
        SimulateRpsCommand c = new SimulateRpsCommand();
        new CommandLine(c).parseArgs(args); // injects the spec and the options
        return c.validate().stream().map(ScriptedPlayer::name).toList();
    }

    @Test
    void theRosterIsEveryScriptedPlayerUnlessNamedAndLegacyAddsTheLegacyBots() {
        assertThat(roster()).containsExactly("random", "cycler", "biased-rock", "win-stay-lose-shift", "beat-last");
        assertThat(roster("--players", "cycler,Mirror,cycler")).containsExactly("cycler", "mirror");
        assertThat(roster("--players", "random", "--legacy")).containsExactly("random", "frequency-counter", "markov-1", "mirror");
        assertThat(roster("--legacy")).hasSize(8);
    }

    @Test
    void badOptionsExitWithTwoAndSayWhy() {
        assertThat(cli.run("--players", "random,genius")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--players: unknown player 'genius'");
        assertThat(cli.run("--family", "gpt")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--family must be one of [forrest, logan, brian]");
        assertThat(cli.run("--games", "0")).isEqualTo(2);
        assertThat(cli.run("--parallel", "0")).isEqualTo(2);
        assertThat(cli.run("--via", "carrier-pigeon")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("is not one of http, ws, kafka");
        assertThat(cli.run("--url", "ftp://x")).isEqualTo(2);
        assertThat(cli.run("--via", "kafka", "--id-prefix", "has space")).isEqualTo(2);
    }

    @Test
    void simulateListsRpsAndItsHelpNamesTheOptions() {
        SimulateCli top = new SimulateCli();
        assertThat(top.run("--help")).isZero();
        assertThat(top.out.toString()).contains("rps");
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out.toString()).contains("--players", "--legacy", "--games", "--parallel", "--via", "--easy",
                "--family", "--seed", "frequency-counter, markov-1, mirror");
    }
}
