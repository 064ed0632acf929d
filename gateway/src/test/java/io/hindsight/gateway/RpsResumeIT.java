package io.hindsight.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway started mid-game (a restart, another replica) knows the games in play: it reads rps.games, compacted
 * to each game's latest state, from its beginning. Found by FaultsIT: a gateway killed while a player's move was
 * in flight left the player with a game no gateway would ever answer for again (404 forever).
 */
class RpsResumeIT {
    static final Duration TIMEOUT = Duration.ofSeconds(4);

    private static GatewayServer gateway(EmbeddedKafka kafka) {
        return GatewayServer.start(GatewayConfig.defaults(kafka.bootstrapServers()).withHttpPort(0).withRequestTimeout(TIMEOUT),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Readiness.none());
    }

    private static WebTestClient client(GatewayServer g) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + g.port()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static RpsGameView view(WebTestClient.ResponseSpec spec) {
        return Json.read(spec.expectStatus().is2xxSuccessful().expectBody().returnResult().getResponseBody(), RpsGameView.class);
    }

    private static WebTestClient.ResponseSpec move(WebTestClient http, String gameId, int round, String move) {
        return http.post().uri("/v1/rps/games/" + gameId + "/moves").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"round\":" + round + ",\"move\":\"" + move + "\"}").exchange();
    }

    @Test
    void aGameBegunOnOneGatewayGoesOnOnAGatewayStartedLater() {
        try (EmbeddedKafka kafka = EmbeddedKafka.temporary().start()) {
            TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(30));
            try (RpsResponder responder = new RpsResponder(kafka.bootstrapServers());
                 GatewayServer first = gateway(kafka)) {
                WebTestClient a = client(first);
                await().atMost(Duration.ofSeconds(30)).until(() -> a.post().uri("/v1/rps/games").exchange()
                        .returnResult(byte[].class).getStatus().value() == 201);
                RpsGameView started = view(a.post().uri("/v1/rps/games").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"family\":\"forrest\"}").exchange());
                RpsGameView afterRound1 = view(move(a, started.gameId(), 1, "rock"));
                assertThat(afterRound1.rounds()).hasSize(1);
                assertThat(afterRound1.status()).isEqualTo(RpsGame.AWAITING_PLAYER);

                try (GatewayServer second = gateway(kafka)) {
                    WebTestClient b = client(second);
                    // until its follower has read rps.games up to the game, the new gateway may not know it yet
                    await().atMost(Duration.ofSeconds(30)).until(() -> b.get().uri("/v1/rps/games/" + started.gameId())
                            .exchange().returnResult(byte[].class).getStatus().value() == 200);
                    assertThat(view(b.get().uri("/v1/rps/games/" + started.gameId()).exchange())).isEqualTo(afterRound1);
                    RpsGameView afterRound2 = view(move(b, started.gameId(), 2, "paper"));
                    assertThat(afterRound2.rounds()).hasSize(2);
                }
            }
        }
    }
}
