package io.hindsight.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.rps.Commitment;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RoundLog;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.digits.LiveClient;
import io.hindsight.gateway.rps.RpsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The rps product on a real (embedded) broker: commands on rps.moves, states read back from rps.games, with
 * {@link RpsResponder} playing the game processor with the contracts' game logic; the live socket; the promotion
 * ledger; and the page in a real browser (src/test/playwright/rps-page.mjs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpsIT {
    static final Duration TIMEOUT = Duration.ofSeconds(4);
    static final Move[] CYCLE = {Move.ROCK, Move.PAPER, Move.SCISSORS, Move.ROCK, Move.ROCK};

    EmbeddedKafka kafka;
    GatewayServer gateway;
    RpsResponder responder;
    PrometheusMeterRegistry registry;
    WebTestClient http;
    String base;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(30));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        gateway = GatewayServer.start(GatewayConfig.defaults(kafka.bootstrapServers()).withHttpPort(0)
                .withRequestTimeout(TIMEOUT), registry, Readiness.none());
        responder = new RpsResponder(kafka.bootstrapServers());
        base = "http://localhost:" + gateway.port();
        http = WebTestClient.bindToServer().baseUrl(base).responseTimeout(Duration.ofSeconds(30)).build();
        await().atMost(Duration.ofSeconds(30)).until(() -> Json.tree(http.get().uri("/readyz").exchange()
                .expectBody().returnResult().getResponseBody()).get("checks").get("replies").asBoolean());
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (responder != null) {
            responder.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private RpsGameView startGame(String body) {
        byte[] bytes = http.post().uri("/v1/rps/games").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectHeader().value("Location", l -> assertThat(l).startsWith("/v1/rps/games/"))
                .expectBody().returnResult().getResponseBody();
        return Json.read(bytes, RpsGameView.class);
    }

    private WebTestClient.ResponseSpec move(String gameId, Object round, String move) {
        return http.post().uri("/v1/rps/games/" + gameId + "/moves").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"round\":" + round + ",\"move\":\"" + move + "\"}").exchange();
    }

    private RpsGameView played(String gameId, int round, Move move) {
        return Json.read(move(gameId, round, move.id()).expectStatus().isOk().expectBody().returnResult()
                .getResponseBody(), RpsGameView.class);
    }

    private JsonNode json(WebTestClient.ResponseSpec spec) {
        return Json.tree(spec.expectBody().returnResult().getResponseBody());
    }

    @Test
    void aStartAnswersTheGameWithTheBotsRoundOneCommitment() {
        RpsGameView v = startGame("{\"easy\":true,\"family\":\"logan\"}");
        assertThat(v.gameId()).matches("[A-Za-z0-9._-]{1,64}");
        assertThat(v.status()).isEqualTo(RpsGame.AWAITING_PLAYER);
        assertThat(v.round()).isEqualTo(1);
        assertThat(v.commitment()).matches("[0-9a-f]{64}");
        assertThat(v.family()).isEqualTo("logan");
        assertThat(v.easy()).isTrue();
        assertThat(v.rounds()).isEmpty();
        assertThat(v.playerScore()).isZero();

        RpsGameView again = Json.read(http.get().uri("/v1/rps/games/" + v.gameId()).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody(), RpsGameView.class);
        assertThat(again).isEqualTo(v);
        // an empty body starts a game with the defaults: the game id picks the family
        RpsGameView defaults = Json.read(http.post().uri("/v1/rps/games").exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody(), RpsGameView.class);
        assertThat(defaults.easy()).isFalse();
        assertThat(defaults.family()).isIn("forrest", "logan", "brian");
        assertThat(registry.get(RpsMetrics.STARTED).counter().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aMoveRevealsTheBotsMoveAndSaltThatOpenTheCommitmentShownBefore() {
        RpsGameView before = startGame("{}");
        RpsGameView after = played(before.gameId(), 1, Move.PAPER);
        assertThat(after.rounds()).hasSize(1);
        RoundLog r = after.rounds().get(0);
        assertThat(r.round()).isEqualTo(1);
        assertThat(r.player()).isEqualTo("paper");
        assertThat(r.commitment()).isEqualTo(before.commitment());
        assertThat(r.verifies(before.gameId())).isTrue();
        assertThat(Commitment.of(before.gameId(), 1, r.botMove(), r.salt())).isEqualTo(before.commitment());
        assertThat(after.status()).isEqualTo(RpsGame.AWAITING_PLAYER);
        assertThat(after.round()).isEqualTo(2);
        assertThat(after.commitment()).isNotEqualTo(before.commitment());
        assertThat(after.seq()).isGreaterThan(before.seq());

        // a retry of the same move (after a lost answer) answers the current state; another move for it is refused
        assertThat(played(before.gameId(), 1, Move.PAPER).round()).isEqualTo(2);
        assertThat(json(move(before.gameId(), 1, "rock").expectStatus().isEqualTo(409)).get("code").asString())
                .isEqualTo("already-played");
    }

    @Test
    void badMovesAreRefusedWithTheReason() {
        RpsGameView v = startGame("{}");
        JsonNode wrongRound = json(move(v.gameId(), 3, "rock").expectStatus().isEqualTo(409));
        assertThat(wrongRound.get("code").asString()).isEqualTo("wrong-round");
        assertThat(wrongRound.get("message").asString()).contains("round 3", "round in play is 1");
        assertThat(wrongRound.get("game").get("round").asInt()).isEqualTo(1);

        JsonNode badMove = json(move(v.gameId(), 1, "lizard").expectStatus().isBadRequest());
        assertThat(badMove.get("fields").get(0).get("field").asString()).isEqualTo("move");
        assertThat(json(move(v.gameId(), 0, "rock").expectStatus().isBadRequest()).get("fields").get(0).get("field")
                .asString()).isEqualTo("round");
        assertThat(json(move(v.gameId(), "\"one\"", "rock").expectStatus().isBadRequest()).toString()).contains("round");
        http.post().uri("/v1/rps/games/" + v.gameId() + "/moves").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json").exchange().expectStatus().isBadRequest();

        assertThat(json(move("no-such-game", 1, "rock").expectStatus().isNotFound()).get("code").asString())
                .isEqualTo("unknown-game");
        http.get().uri("/v1/rps/games/no-such-game").exchange().expectStatus().isNotFound();

        JsonNode badFamily = json(http.post().uri("/v1/rps/games").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"family\":\"gpt\"}").exchange().expectStatus().isBadRequest());
        assertThat(badFamily.get("fields").get(0).get("field").asString()).isEqualTo("family");
        http.post().uri("/v1/rps/games").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"easy\":\"yes\"}")
                .exchange().expectStatus().isBadRequest();
        http.post().uri("/v1/rps/games").contentType(MediaType.APPLICATION_JSON).bodyValue("[1]")
                .exchange().expectStatus().isBadRequest();
        http.get().uri("/v1/rps/games").exchange().expectStatus().isEqualTo(405).expectHeader().valueEquals("Allow", "POST");
        // the game did not move
        assertThat(played(v.gameId(), 1, Move.ROCK).rounds()).hasSize(1);
    }

    @Test
    void aWholeGameIsPlayedToTheEndOverHttpAndEveryRoundVerifies() {
        RpsGameView v = startGame("{\"family\":\"forrest\"}");
        String id = v.gameId();
        int i = 0;
        while (!v.finished()) {
            int round = v.round();
            String commitment = v.commitment();
            v = played(id, round, CYCLE[i++ % CYCLE.length]);
            RoundLog last = v.rounds().get(v.rounds().size() - 1);
            assertThat(last.round()).isEqualTo(round);
            assertThat(last.commitment()).isEqualTo(commitment);
            assertThat(last.verifies(id)).as("round %d verifies", round).isTrue();
            assertThat(i).as("rounds played").isLessThan(200);
        }
        assertThat(v.winner()).isIn(RpsGame.PLAYER, RpsGame.BOT, "draw");
        assertThat(Math.max(v.playerScore(), v.botScore())).isGreaterThanOrEqualTo(10.0);
        assertThat(v.rounds()).hasSize(i).allMatch(r -> r.verifies(id));
        assertThat(v.rounds().stream().skip(3).map(RoundLog::botSource)).containsOnly("model");

        JsonNode over = json(move(id, v.round(), "rock").expectStatus().isEqualTo(409));
        assertThat(over.get("code").asString()).isEqualTo("game-over");
        assertThat(over.get("game").get("winner").asString()).isEqualTo(v.winner());
        http.get().uri("/v1/rps/games/" + id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("over");

        JsonNode stats = json(http.get().uri("/v1/rps/stats").exchange().expectStatus().isOk());
        assertThat(stats.get("finished").asLong()).isGreaterThanOrEqualTo(1);
        boolean forrest = false;
        for (JsonNode m : stats.get("byModel")) {
            forrest |= m.get("family").asString().equals("forrest") && m.get("finished").asLong() >= 1;
        }
        assertThat(forrest).as("forrest in %s", stats).isTrue();
    }

    @Test
    void aMoveWithNoAnswerIs504AndItsRetryIsPlayedOnce() {
        RpsGameView v = startGame("{}");
        responder.silenced.add(v.gameId());
        double before = registry.get(RpsMetrics.TIMED_OUT).tag("step", "move").counter().count();
        JsonNode timeout = json(move(v.gameId(), 1, "scissors").expectStatus().isEqualTo(504));
        assertThat(timeout.get("code").asString()).isEqualTo("timeout");
        assertThat(timeout.get("message").asString()).contains("retry the same move");
        assertThat(registry.get(RpsMetrics.TIMED_OUT).tag("step", "move").counter().count()).isEqualTo(before + 1);

        responder.silenced.remove(v.gameId());
        RpsGameView after = played(v.gameId(), 1, Move.SCISSORS);
        assertThat(after.rounds()).hasSize(1);
        assertThat(after.rounds().get(0).player()).isEqualTo("scissors");
        assertThat(after.round()).isEqualTo(2);
    }

    @Test
    void aGameIsPlayedOverTheWebSocket() throws Exception {
        try (LiveClient ws = new LiveClient("ws://localhost:" + gateway.port() + "/v1/rps/live", null)) {
            ws.send("{\"type\":\"start\",\"easy\":false,\"family\":\"brian\"}");
            RpsGameView v = Json.convert(ws.next("state").get("game"), RpsGameView.class);
            assertThat(v.family()).isEqualTo("brian");
            assertThat(v.status()).isEqualTo(RpsGame.AWAITING_PLAYER);
            String id = v.gameId();

            ws.send("{\"type\":\"move\",\"round\":7,\"move\":\"rock\"}");
            JsonNode wrong = ws.next("error");
            assertThat(wrong.get("status").asInt()).isEqualTo(409);
            assertThat(wrong.get("code").asString()).isEqualTo("wrong-round");
            assertThat(wrong.get("reason").asString()).contains("round in play is 1");
            ws.send("{\"type\":\"move\",\"round\":1,\"move\":\"spock\"}");
            assertThat(ws.next("error").get("status").asInt()).isEqualTo(400);
            ws.send("{\"type\":\"dance\"}");
            assertThat(ws.next("error").get("reason").asString()).contains("unknown frame type");

            int i = 0;
            while (!v.finished()) {
                ws.send("{\"type\":\"move\",\"round\":" + v.round() + ",\"move\":\"" + CYCLE[i++ % CYCLE.length].id() + "\"}");
                v = Json.convert(ws.next("state").get("game"), RpsGameView.class);
                assertThat(v.rounds()).hasSize(i).allMatch(r -> r.verifies(id));
            }
            assertThat(v.winner()).isNotNull();
            ws.send("{\"type\":\"move\",\"round\":" + v.round() + ",\"move\":\"rock\"}");
            JsonNode over = ws.next("error");
            assertThat(over.get("status").asInt()).isEqualTo(409);
            assertThat(over.get("code").asString()).isEqualTo("game-over");
        }
        // another socket picks the game up by id
        String id = responder.games.values().stream().filter(g -> g.family().equals("brian") && g.finished())
                .findFirst().orElseThrow().gameId();
        try (LiveClient ws = new LiveClient("ws://localhost:" + gateway.port() + "/v1/rps/live", null)) {
            ws.send("{\"type\":\"resume\",\"gameId\":\"" + id + "\"}");
            assertThat(ws.next("state").get("game").get("status").asString()).isEqualTo("over");
            ws.send("{\"type\":\"resume\",\"gameId\":\"nope\"}");
            assertThat(ws.next("error").get("status").asInt()).isEqualTo(404);
        }
        http.get().uri("/v1/rps/live").exchange().expectStatus().isEqualTo(426);
    }

    @Test
    void thePromotionLedgerIsListedNewestFirstAndFiltered() throws Exception {
        List<PromotionDecision> written = List.of(
                decision("rps", "forrest", 1, PromotionDecision.KEPT),
                decision("calories", "xgboost", 2, PromotionDecision.INSUFFICIENT_DATA),
                decision("rps", "logan", 3, PromotionDecision.PROMOTED),
                decision("rps", "forrest", 4, PromotionDecision.PROMOTED));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, PromotionDecision> producer = new KafkaProducer<>(p,
                Topics.PROMOTIONS.keySerde().serializer(), Topics.PROMOTIONS.valueSerde().serializer())) {
            for (PromotionDecision d : written) {
                producer.send(new ProducerRecord<>(Topics.PROMOTIONS.name(), PromotionDecision.key(d.task(), d.family()), d)).get();
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json(http.get().uri("/v1/promotions").exchange().expectStatus().isOk()).get("decisions"))
                        .hasSize(4));
        JsonNode all = json(http.get().uri("/v1/promotions").exchange().expectStatus().isOk());
        assertThat(all.get("caughtUp").asBoolean()).isTrue();
        assertThat(all.get("decisions").get(0).get("evaluatedTs").asLong()).isEqualTo(4);
        assertThat(all.get("decisions").get(3).get("evaluatedTs").asLong()).isEqualTo(1);
        assertThat(all.get("decisions").get(0).get("moves").get(0).get("toVersion").asString()).isEqualTo("v4");

        JsonNode forrest = json(http.get().uri("/v1/promotions?task=rps&family=forrest").exchange().expectStatus().isOk());
        assertThat(forrest.get("decisions")).hasSize(2);
        assertThat(forrest.get("decisions").get(0).get("outcome").asString()).isEqualTo("promoted");
        assertThat(forrest.get("decisions").get(1).get("outcome").asString()).isEqualTo("kept");
        JsonNode rps = json(http.get().uri("/v1/promotions?task=rps&limit=1").exchange().expectStatus().isOk());
        assertThat(rps.get("decisions")).hasSize(1);
        assertThat(rps.get("decisions").get(0).get("evaluatedTs").asLong()).isEqualTo(4);

        http.get().uri("/v1/promotions?limit=0").exchange().expectStatus().isBadRequest();
        http.get().uri("/v1/promotions?limit=lots").exchange().expectStatus().isBadRequest();
        http.get().uri("/v1/promotions?task=chess").exchange().expectStatus().isBadRequest();
    }

    private static PromotionDecision decision(String task, String family, long ts, String outcome) {
        List<PromotionDecision.AliasMove> moves = PromotionDecision.PROMOTED.equals(outcome)
                ? List.of(new PromotionDecision.AliasMove("Production", "v" + (ts - 1), "v" + ts)) : List.of();
        return new PromotionDecision(task, family, ts, outcome, "game_win_rate", "two-proportion z-test, one-sided",
                1.9, 0.03, 0.05, 100, List.of(new PromotionDecision.AliasEvidence("B", "v" + ts, 120, 0.41, 49)),
                moves, "test decision " + ts);
    }

    @Test
    void thePagePlaysAWholeGameByKeysAndButtonsInABrowser() throws Exception {
        BrowserScript.requireTools();
        BrowserScript.Result r = BrowserScript.node("rps-page.mjs", 240, base,
                BrowserScript.OUT.resolve("rps-page.png").toAbsolutePath().toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
        assertThat(Files.size(BrowserScript.OUT.resolve("rps-page.png"))).isPositive();
        assertThat(Files.exists(BrowserScript.OUT.resolve("rps-page-phone.png"))).isTrue();
    }
}
