package io.hindsight.contracts.rps;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.json.JsonSerde;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every rps and promotion record the code writes validates against its published schema and round-trips. */
class RpsRecordsSchemaTest {

    private static <T> void check(String schema, T value, Class<T> type) {
        JsonNode node = Json.tree(Json.write(value));
        assertThat(new WireReader<>(schema, type).validate(node)).as(schema + " " + node).isEmpty();
        JsonSerde<T> serde = new JsonSerde<>(type);
        assertThat(Json.writeString(serde.deserializer().deserialize("t", serde.serializer().serialize("t", value))))
                .isEqualTo(Json.writeString(value));
    }

    @Test
    void gameViewRoundAndExample() {
        RpsGame g = RpsGame.start("g-7", RpsRules.FORREST, "Production", false, 10).commitGambit("ab", 11);
        check(Topics.RPS_GAMES.schema(), g.view(), RpsGameView.class);
        RpsGame after = g.play(1, Move.SCISSORS, 12);
        check(Topics.RPS_GAMES.schema(), after.view(), RpsGameView.class);
        check(Topics.RPS_ROUNDS.schema(), RpsExample.of(g, after, "live", null), RpsExample.class);
        check(Topics.RPS_MOVES.schema(), RpsCommand.move("g-7", 2, Move.PAPER), RpsCommand.class);
        check(Topics.RPS_MOVES.schema(), RpsCommand.start("g-7", true, "logan"), RpsCommand.class);
    }

    @Test
    void promotionDecision() {
        PromotionDecision d = new PromotionDecision("rps", "forrest", 5L, PromotionDecision.PROMOTED, "game_win_rate",
                "two-proportion z-test, one-sided", 2.1, 0.018, 0.05, 30,
                List.of(new PromotionDecision.AliasEvidence("Production", "v1", 40, 0.5, 20),
                        new PromotionDecision.AliasEvidence("B", "v2", 40, 0.72, 29)),
                List.of(new PromotionDecision.AliasMove("Production", "v1", "v2")), "B won more games");
        check(Topics.PROMOTIONS.schema(), d, PromotionDecision.class);
    }
}
