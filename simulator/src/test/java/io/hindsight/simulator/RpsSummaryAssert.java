package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Checks that an rps summary's counts agree with each other, per player and in total. */
final class RpsSummaryAssert {
    private RpsSummaryAssert() {
    }

    /** Every player played {@code games} games to the end; wins, rounds, commitments and latencies add up. */
    static void countsAddUp(JsonNode summary, List<String> players, int games) {
        List<String> names = new ArrayList<>();
        long finished = 0;
        long verified = 0;
        long moves = 0;
        for (JsonNode row : summary.get("players")) {
            names.add(row.get("player").asString());
            assertThat(row.get("games").asLong()).isEqualTo(games);
            assertThat(row.get("finished").asLong()).isEqualTo(games);
            assertThat(row.get("abandoned").asLong()).isZero();
            assertThat(row.get("playerWins").asLong() + row.get("botWins").asLong() + row.get("draws").asLong())
                    .isEqualTo(games);
            assertThat(row.get("botWinRate").asDouble())
                    .isCloseTo((double) row.get("botWins").asLong() / games, org.assertj.core.data.Offset.offset(1e-3));
            // every move answered is one round revealed and checked; the games' rounds are those rounds
            long rounds = Math.round(row.get("meanRounds").asDouble() * games);
            assertThat(row.get("moveLatencyMs").get("count").asLong()).isEqualTo(rounds);
            assertThat(row.get("commitmentsVerified").asLong()).isEqualTo(rounds);
            assertThat(row.get("moveLatencyMs").get("p50").asDouble())
                    .isLessThanOrEqualTo(row.get("moveLatencyMs").get("p95").asDouble());
            assertThat(row.get("errors").isEmpty()).isTrue();
            finished += row.get("finished").asLong();
            verified += row.get("commitmentsVerified").asLong();
            moves += row.get("moveLatencyMs").get("count").asLong();
        }
        assertThat(names).containsExactlyElementsOf(players);
        JsonNode total = summary.get("total");
        assertThat(total.get("finished").asLong()).isEqualTo(finished);
        assertThat(total.get("commitmentsVerified").asLong()).isEqualTo(verified);
        assertThat(total.get("moveLatencyMs").get("count").asLong()).isEqualTo(moves);
        assertThat(total.get("scoreMismatches").asLong()).isZero();
    }
}
