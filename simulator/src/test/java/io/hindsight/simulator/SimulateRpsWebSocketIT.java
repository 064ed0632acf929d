package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code simulate rps --via ws} against real games behind a minimal WebSocket server on a free loopback port. */
class SimulateRpsWebSocketIT {
    @TempDir
    Path dir;

    private final SimulateCli cli = new SimulateCli("rps");

    @Test
    void everyScriptedPlayerPlaysWholeGamesOverTheWebSocket() throws IOException {
        try (RpsWebSocketServer server = new RpsWebSocketServer(new RpsReferee())) {
            Path json = dir.resolve("ws.json");
            int code = cli.run("--via", "ws", "--url", server.url(), "--games", "3", "--parallel", "2", "--easy",
                    "--progress", "off", "--summary-json", json.toString());

            assertThat(code).as(cli.err + "\n" + cli.out).isZero();
            JsonNode summary = Json.tree(Files.readAllBytes(json));
            RpsSummaryAssert.countsAddUp(summary, ScriptedPlayer.ALL.stream().map(ScriptedPlayer::name).toList(), 3);
            assertThat(server.referee.games()).hasSize(15)
                    .allSatisfy(SimulateRpsHttpIT::playedToTheEnd).allSatisfy(g -> assertThat(g.easy()).isTrue());
            assertThat(cli.err.toString()).contains("ws://127.0.0.1:").contains("/v1/rps/live");
        }
    }

    @Test
    void aCheatingServerIsCaughtOverTheWebSocketToo() throws IOException {
        try (RpsWebSocketServer server = new RpsWebSocketServer(new RpsReferee().cheatingIn(round -> round == 2))) {
            int code = cli.run("--via", "ws", "--url", server.url(), "--players", "mirror", "--games", "2",
                    "--progress", "off");
            assertThat(code).isEqualTo(SimulateRpsCommand.UNFAIR);
            assertThat(cli.out.toString()).contains("failed").contains("UNFAIR: 2 commitments failed");
        }
    }
}
