package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code simulate rps} end to end over HTTP against real games ({@link RpsReferee} on the contracts engine) on a
 * free loopback port. The command returns once every game is over, so there is nothing to wait for.
 */
class SimulateRpsHttpIT {
    @TempDir
    Path dir;

    private final SimulateCli cli = new SimulateCli("rps");

    @Test
    void everyScriptedPlayerPlaysWholeGamesToTenPointsAndEveryCommitmentVerifies() throws IOException {
        try (RpsHttpServer server = new RpsHttpServer(new RpsReferee())) {
            Path json = dir.resolve("rps.json");
            int code = cli.run("--url", server.url(), "--games", "4", "--parallel", "3", "--seed", "11",
                    "--progress", "lines", "--summary-json", json.toString());

            assertThat(code).as(cli.err + "\n" + cli.out).isZero();
            JsonNode summary = Json.tree(Files.readAllBytes(json));
            RpsSummaryAssert.countsAddUp(summary, ScriptedPlayer.ALL.stream().map(ScriptedPlayer::name).toList(), 4);
            assertThat(summary.get("fair").asBoolean()).isTrue();
            assertThat(summary.get("total").get("commitmentsFailed").asLong()).isZero();

            List<RpsGame> games = server.referee.games();
            assertThat(games).hasSize(20).allSatisfy(SimulateRpsHttpIT::playedToTheEnd);
            long rounds = games.stream().mapToLong(g -> g.rounds().size()).sum();
            assertThat(summary.get("total").get("commitmentsVerified").asLong()).isEqualTo(rounds);
            assertThat(cli.out.toString()).contains("commitments " + rounds + " verified, 0 failed")
                    .contains("scores      all added up").contains("errors      0").contains("verdict     fair")
                    .containsPattern("total\\s+20\\s+20\\s+0\\s");
            assertThat(cli.err.toString()).contains("games 20/20 over, 0 abandoned").doesNotContain("problem:");
        }
    }

    @Test
    void legacyAddsTheLegacyBotsToTheRoster() throws IOException {
        try (RpsHttpServer server = new RpsHttpServer(new RpsReferee())) {
            Path json = dir.resolve("legacy.json");
            int code = cli.run("--url", server.url(), "--players", "beat-last", "--legacy", "--games", "3",
                    "--family", "logan", "--progress", "off", "--summary-json", json.toString());

            assertThat(code).as(cli.err + "\n" + cli.out).isZero();
            JsonNode summary = Json.tree(Files.readAllBytes(json));
            RpsSummaryAssert.countsAddUp(summary, List.of("beat-last", "frequency-counter", "markov-1", "mirror"), 3);
            assertThat(server.referee.games()).hasSize(12).allSatisfy(g -> assertThat(g.family()).isEqualTo("logan"));
        }
    }

    @Test
    void aServerRevealingAnotherMoveThanItCommittedToIsCaught() throws IOException {
        // every game to 10 points lasts at least 5 rounds (a round is worth at most 2), so every game is cheated once
        try (RpsHttpServer server = new RpsHttpServer(new RpsReferee().cheatingIn(round -> round == 5))) {
            Path json = dir.resolve("cheat.json");
            int code = cli.run("--url", server.url(), "--players", "random,cycler", "--games", "3", "--parallel", "2",
                    "--progress", "off", "--summary-json", json.toString());

            assertThat(code).isEqualTo(SimulateRpsCommand.UNFAIR);
            JsonNode total = Json.tree(Files.readAllBytes(json)).get("total");
            assertThat(total.get("finished").asLong()).isEqualTo(6);
            assertThat(total.get("commitmentsFailed").asLong()).isEqualTo(6);
            // the cheat scores its swapped move by the rules: only the commitment gives it away
            assertThat(total.get("scoreMismatches").asLong()).isZero();
            assertThat(cli.out.toString()).contains("UNFAIR: 6 commitments failed");
            assertThat(cli.err.toString()).contains("the bot's revealed move does not open its commitment");
        }
    }

    @Test
    void failedMovesAbandonTheirGamesAndAreCountedByStatus() throws IOException {
        try (RpsHttpServer server = new RpsHttpServer(new RpsReferee().failingMoves(n -> n == 3 || n == 12))) {
            Path json = dir.resolve("errors.json");
            int code = cli.run("--url", server.url(), "--players", "biased-rock", "--games", "5", "--parallel", "1",
                    "--client", "jdk", "--progress", "off", "--summary-json", json.toString());

            assertThat(code).as(cli.err + "\n" + cli.out).isZero();
            JsonNode row = Json.tree(Files.readAllBytes(json)).get("players").get(0);
            assertThat(row.get("games").asLong()).isEqualTo(5);
            assertThat(row.get("abandoned").asLong()).isEqualTo(2);
            assertThat(row.get("finished").asLong()).isEqualTo(3);
            assertThat(row.get("errors").get("http 504").asLong()).isEqualTo(2);
            assertThat(cli.out.toString()).contains("errors      2 {http 504=2}");
        }
    }

    @Test
    void exitsOneWhenNoGameCouldBePlayed() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int code = cli.run("--url", "http://127.0.0.1:" + closedPort, "--players", "random", "--games", "2",
                "--progress", "off");
        assertThat(code).isEqualTo(1);
        assertThat(cli.out.toString()).contains("errors      2 {connect refused=2}");
    }

    static void playedToTheEnd(RpsGame g) {
        assertThat(g.finished()).isTrue();
        assertThat(g.rounds()).hasSizeGreaterThanOrEqualTo(5);
        double top = Math.max(g.playerScore(), g.botScore());
        if (g.rounds().size() < RpsRules.MAX_ROUNDS) {
            assertThat(top).isGreaterThanOrEqualTo(RpsRules.TARGET_POINTS);
            assertThat(g.winner()).isEqualTo(g.playerScore() >= RpsRules.TARGET_POINTS ? "player" : "bot");
        }
    }
}
