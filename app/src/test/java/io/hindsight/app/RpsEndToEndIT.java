package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RoundLog;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.BrowserScript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * rps through the whole system in one process: the first start trains the twelve models, the game processor
 * keeps the state and the commitments, the predictor routes each game to its family and alias, the joiner
 * scores every prediction with the move the player then made, and the page plays a game in a real browser.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RpsEndToEndIT {
    private static InProcessHindsight app;

    @BeforeAll
    static void start() throws Exception {
        app = InProcessHindsight.start("rps-e2e", DigitsFirstStartMode.OFF, s -> s.withRpsFirstStart(true));
        // the twelve rps models are trained in the background on first start; games before that are played
        // by the uniform fallback, which is allowed but not what this test is about
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                .until(() -> rpsAliases() >= 12);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static int rpsAliases() throws Exception {
        HttpResponse<String> r = app.get("/v1/models");
        if (r.statusCode() != 200) {
            return 0;
        }
        int n = 0;
        for (JsonNode alias : Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).path("aliases")) {
            n += "rps".equals(alias.path("task").asString()) ? 1 : 0;
        }
        return n;
    }

    @Test
    @Order(1)
    void aFullGameOverHttpRunsToTenPointsAndEveryCommitmentOpens() throws Exception {
        HttpResponse<String> started = app.post("/v1/rps/games", "{\"family\":\"logan\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        RpsGameView game = view(started.body());
        assertThat(game.status()).isEqualTo("awaiting-player");
        assertThat(game.family()).isEqualTo("logan");
        assertThat(game.commitment()).hasSize(64);

        int moves = 0;
        while (!game.finished()) {
            String shown = game.commitment();
            Move mine = Move.ofIndex(moves % 3); // a cycler: the models should learn to beat it
            HttpResponse<String> r = app.post("/v1/rps/games/" + game.gameId() + "/moves",
                    "{\"round\":" + game.round() + ",\"move\":\"" + mine.id() + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            RpsGameView next = view(r.body());
            RoundLog played = next.rounds().get(next.rounds().size() - 1);
            assertThat(played.round()).isEqualTo(game.round());
            assertThat(played.commitment()).isEqualTo(shown);
            assertThat(played.verifies(game.gameId())).isTrue();
            assertThat(played.value()).isEqualTo(RpsRules.roundValue(game.gameId(), played.round()));
            if (played.round() <= RpsRules.GAMBIT_ROUNDS) {
                assertThat(played.botSource()).isEqualTo("gambit");
            } else {
                assertThat(played.botSource()).isEqualTo("model");
                assertThat(played.model()).startsWith("rps-logan");
            }
            game = next;
            moves++;
        }
        assertThat(Math.max(game.playerScore(), game.botScore())).isGreaterThanOrEqualTo(RpsRules.TARGET_POINTS);
        assertThat(game.winner()).isIn("player", "bot");
        assertThat(moves).isGreaterThanOrEqualTo(5);

        HttpResponse<String> stale = app.post("/v1/rps/games/" + game.gameId() + "/moves", "{\"round\":1,\"move\":\"paper\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(app.post("/v1/rps/games/" + game.gameId() + "/moves", "{\"round\":1,\"move\":\"lizard\"}").statusCode())
                .isEqualTo(400);
        assertThat(app.get("/v1/rps/games/no-such-game").statusCode()).isEqualTo(404);

        // every model round was predicted by the served alias and the family's three others, and scored
        String prefix = game.gameId() + ":";
        int modelRounds = (int) game.rounds().stream().filter(r -> r.round() > RpsRules.GAMBIT_ROUNDS).count();
        List<ScoredRecord> scored = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            scored.clear();
            for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(app.bootstrapServers(), Topics.of(Task.RPS).scored().name())) {
                if (r.key().startsWith(prefix)) {
                    scored.add(Json.read(r.value(), ScoredRecord.class));
                }
            }
            return scored.size() >= modelRounds * 4;
        });
        assertThat(scored).hasSize(modelRounds * 4);
        assertThat(scored).allSatisfy(s -> {
            assertThat(s.family()).isEqualTo("logan");
            assertThat(s.points()).isNotNull();
            assertThat(s.correct()).isNotNull();
        });
        assertThat(scored.stream().filter(ScoredRecord::served).count()).isEqualTo(modelRounds);
        assertThat(scored.stream().filter(s -> s.gameWon() != null).count()).isEqualTo(1);
        assertThat(scored.stream().filter(s -> s.gameWon() != null).findFirst().orElseThrow().gameWon())
                .isEqualTo("bot".equals(game.winner()));
    }

    @Test
    @Order(2)
    void aFullGameOverTheWebSocket() throws Exception {
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(app.base().replace("http", "ws") + "/v1/rps/live"), new Collector(inbox))
                .get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"start\",\"easy\":false,\"family\":\"forrest\"}", true).get(5, TimeUnit.SECONDS);
        RpsGameView game = nextState(inbox);
        assertThat(game.family()).isEqualTo("forrest");
        int rounds = 0;
        while (!game.finished()) {
            ws.sendText("{\"type\":\"move\",\"round\":" + game.round() + ",\"move\":\"rock\"}", true).get(5, TimeUnit.SECONDS);
            RpsGameView next = nextState(inbox);
            while (next.seq() <= game.seq() || "awaiting-bot".equals(next.status())) {
                next = nextState(inbox);
            }
            assertThat(next.rounds().get(next.rounds().size() - 1).verifies(next.gameId())).isTrue();
            game = next;
            rounds++;
        }
        assertThat(game.winner()).isIn("player", "bot");
        assertThat(rounds).isEqualTo(game.rounds().size());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Test
    @Order(3)
    void metricsShowAccuracyPointsAndGamesPerFamilyAndAlias() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> lines = app.get("/metrics").body().lines().toList();
            // the game processor: games started and where the bot's moves came from
            assertThat(lines).anyMatch(l -> l.startsWith("hindsight_rps_games_started_total") && !l.endsWith(" 0.0"));
            assertThat(lines).anyMatch(l -> l.startsWith("hindsight_rps_bot_moves_total{source=\"model\"}") && !l.endsWith(" 0.0"));
            // the joiner: games won or lost per family and alias, points per round, move accuracy
            assertThat(lines).anyMatch(l -> l.startsWith("hindsight_rps_games_total{") && l.contains("family=\"logan\""));
            assertThat(lines).anyMatch(l -> l.startsWith("hindsight_rps_games_total{") && l.contains("family=\"forrest\""));
            assertThat(lines).anyMatch(l -> l.startsWith("hindsight_rps_points_") && l.contains("alias=\"shadow1\""));
            assertThat(lines).anyMatch(l -> l.startsWith("hindsight_classified_total{") && l.contains("task=\"rps\""));
        });
    }

    @Test
    @Order(4)
    void thePromotionLedgerListsEveryEvaluation() throws Exception {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            HttpResponse<String> r = app.get("/v1/promotions?task=rps");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode list = Json.tree(r.body().getBytes(StandardCharsets.UTF_8));
            assertThat(list.toString()).contains("\"task\":\"rps\"").contains("insufficient-data");
        });
    }

    @Test
    @Order(5)
    void aPersonPlaysAGameToTheEndInARealBrowser() throws Exception {
        BrowserScript.requireTools();
        var shot = BrowserScript.OUT.resolve("rps-full-system.png").toAbsolutePath();
        // the tampered-reveal check runs in the gateway's RpsIT; here the second game is played as is
        BrowserScript.Result r = BrowserScript.node("rps-page.mjs", 240, app.base(), shot.toString(), "no-tamper");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
        assertThat(Files.size(shot)).isPositive();
    }

    private static RpsGameView view(String body) {
        return Json.read(body.getBytes(StandardCharsets.UTF_8), RpsGameView.class);
    }

    private static RpsGameView nextState(LinkedBlockingQueue<String> inbox) throws InterruptedException {
        while (true) {
            String msg = inbox.poll(30, TimeUnit.SECONDS);
            assertThat(msg).as("a message from the socket within 30 s").isNotNull();
            JsonNode node = Json.tree(msg.getBytes(StandardCharsets.UTF_8));
            assertThat(node.path("type").asString()).as(msg).isNotEqualTo("error");
            if ("state".equals(node.path("type").asString())) {
                return Json.convert(node.get("game"), RpsGameView.class);
            }
        }
    }

    /** Collects whole text messages. */
    private static final class Collector implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> inbox;
        private final StringBuilder part = new StringBuilder();

        Collector(LinkedBlockingQueue<String> inbox) {
            this.inbox = inbox;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                inbox.add(part.toString());
                part.setLength(0);
            }
            ws.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
