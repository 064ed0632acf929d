package io.hindsight.simulator;

import static io.hindsight.contracts.rps.Move.PAPER;
import static io.hindsight.contracts.rps.Move.ROCK;
import static io.hindsight.contracts.rps.Move.SCISSORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.PlayedRound;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LegacyPlayersTest {
    private final SplittableRandom random = new SplittableRandom(3);

    /** Rounds where the player always played rock and the bot played {@code bots} in order. */
    private static List<PlayedRound> botPlayed(Move... bots) {
        List<PlayedRound> h = new ArrayList<>();
        for (int i = 0; i < bots.length; i++) {
            h.add(new PlayedRound(i + 1, 1.0, ROCK, bots[i], 0, 0));
        }
        return h;
    }

    @Test
    void frequencyCounterBeatsTheBotsFavouriteMove() {
        ScriptedPlayer p = LegacyPlayers.FREQUENCY_COUNTER;
        assertThat(p.next(botPlayed(ROCK, PAPER, ROCK, SCISSORS), random)).isEqualTo(PAPER);
        assertThat(p.next(botPlayed(SCISSORS, SCISSORS, PAPER), random)).isEqualTo(ROCK);
        assertThat(p.next(botPlayed(PAPER, ROCK, PAPER, PAPER, SCISSORS), random)).isEqualTo(SCISSORS);
    }

    @Test
    void frequencyCounterBreaksTiesAtRandomBetweenTheTiedMovesOnly() {
        Set<Move> seen = EnumSet.noneOf(Move.class);
        for (int i = 0; i < 100; i++) {
            seen.add(LegacyPlayers.FREQUENCY_COUNTER.next(botPlayed(ROCK, SCISSORS), random));
        }
        assertThat(seen).containsExactlyInAnyOrder(PAPER, ROCK); // the counters of rock and of scissors
    }

    @Test
    void markovOnePredictsTheBotsNextMoveFromWhatFollowedItsLastMove() {
        ScriptedPlayer p = LegacyPlayers.MARKOV_1;
        // after rock the bot played scissors twice and paper once; it just played rock: expect scissors, play rock
        assertThat(p.next(botPlayed(ROCK, SCISSORS, ROCK, SCISSORS, ROCK, PAPER, ROCK), random)).isEqualTo(ROCK);
        // a bot cycling rock -> paper -> scissors: after scissors comes rock, so play paper
        assertThat(p.next(botPlayed(ROCK, PAPER, SCISSORS, ROCK, PAPER, SCISSORS), random)).isEqualTo(PAPER);
    }

    @Test
    void markovOneIgnoresWhatTheBotsOtherMovesWereFollowedBy() {
        // paper was always followed by rock, but the bot's last move is scissors, followed once by paper
        assertThat(LegacyPlayers.MARKOV_1.next(botPlayed(PAPER, ROCK, PAPER, ROCK, SCISSORS, PAPER, ROCK, SCISSORS), random))
                .isEqualTo(SCISSORS);
    }

    @Test
    void mirrorCopiesTheBotsLastMove() {
        assertThat(LegacyPlayers.MIRROR.next(botPlayed(ROCK, ROCK, PAPER), random)).isEqualTo(PAPER);
        assertThat(LegacyPlayers.MIRROR.next(botPlayed(SCISSORS), random)).isEqualTo(SCISSORS);
    }

    @Test
    void withNothingToGoOnEveryLegacyBotPlaysEveryMoveSometimes() {
        for (ScriptedPlayer p : LegacyPlayers.ALL) {
            Set<Move> seen = EnumSet.noneOf(Move.class);
            for (int i = 0; i < 100; i++) {
                seen.add(p.next(List.of(), random));
            }
            assertThat(seen).as(p.name()).containsExactlyInAnyOrder(Move.values());
        }
        Set<Move> seen = EnumSet.noneOf(Move.class);
        for (int i = 0; i < 100; i++) {
            seen.add(LegacyPlayers.MARKOV_1.next(botPlayed(ROCK), random)); // one move: no transition yet
        }
        assertThat(seen).hasSize(3);
    }

    @Test
    void namesFindLegacyBotsAndTheContractsPlayers() {
        assertThat(LegacyPlayers.byName("Markov-1")).isSameAs(LegacyPlayers.MARKOV_1);
        assertThat(LegacyPlayers.byName(" cycler")).isSameAs(ScriptedPlayer.CYCLER);
        assertThat(LegacyPlayers.knownNames()).containsExactly("random", "cycler", "biased-rock", "win-stay-lose-shift",
                "beat-last", "frequency-counter", "markov-1", "mirror");
        assertThatThrownBy(() -> LegacyPlayers.byName("genius")).hasMessageContaining("unknown player 'genius'")
                .hasMessageContaining("mirror");
    }
}
