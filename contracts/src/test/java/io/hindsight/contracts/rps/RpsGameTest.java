package io.hindsight.contracts.rps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.json.Json;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RpsGameTest {

    @Test
    void roundValuesAreDeterministicTenthsBetweenOneAndTwo() {
        Set<Double> seen = new HashSet<>();
        for (int round = 1; round <= 500; round++) {
            double v = RpsRules.roundValue("g-42", round);
            assertThat(v).isBetween(1.0, 2.0);
            assertThat(Math.round(v * 10) / 10.0).isEqualTo(v);
            assertThat(RpsRules.roundValue("g-42", round)).isEqualTo(v);
            seen.add(v);
        }
        assertThat(seen).hasSize(11);
    }

    @Test
    void theGambitMovesTheBotInRoundsOneToThreeThenTheModelIsAsked() {
        RpsGame g = RpsGame.start("g-1", RpsRules.LOGAN, "Production", false, 1_000);
        Gambit gambit = RpsRules.gambitFor("g-1");
        for (int round = 1; round <= 3; round++) {
            assertThat(g.gambitRound()).isTrue();
            g = g.commitGambit("salt" + round, 1_000 + round);
            assertThat(g.pending().bot()).isEqualTo(gambit.move(round).id());
            g = g.play(round, Move.ROCK, 2_000 + round);
        }
        assertThat(g.gambitRound()).isFalse();
        assertThat(g.nextRound()).isEqualTo(4);
        assertThatThrownBy(() -> RpsGame.start("g-1", RpsRules.LOGAN, "B", false, 0).commitGambit("s", 0).play(1, Move.ROCK, 0)
                .play(1, Move.ROCK, 0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not awaiting");
    }

    @Test
    void aGameRunsToTenPointsAndEveryRoundOpensItsCommitment() {
        RpsGame g = RpsGame.start("game-to-ten", RpsRules.BRIAN, "B", false, 0);
        int round = 0;
        while (!g.finished()) {
            round++;
            // the bot always plays rock from round 4; the player always plays paper and so wins every model round
            g = g.gambitRound() ? g.commitGambit(Commitment.newSalt(), round) : g.commit(Move.ROCK, Commitment.newSalt(), BotSource.MODEL, "v1", round);
            String shown = g.view().commitment();
            assertThat(shown).hasSize(64);
            assertThat(Json.writeString(g.view())).doesNotContain(g.pending().salt());
            g = g.play(round, Move.PAPER, round);
            assertThat(g.lastRound().commitment()).isEqualTo(shown);
            assertThat(g.lastRound().verifies(g.gameId())).isTrue();
        }
        assertThat(g.winner()).isEqualTo(RpsGame.PLAYER);
        assertThat(g.playerScore()).isGreaterThanOrEqualTo(10.0);
        assertThat(g.rounds()).hasSize(round);
        assertThat(g.view().finished()).isTrue();
        assertThat(Commitment.verify(null, "x", 1, Move.ROCK, "s")).isFalse();
    }

    @Test
    void aMoveForAnotherRoundIsRefusedWithTheRoundInPlay() {
        RpsGame g = RpsGame.start("g-2", RpsRules.FORREST, "Production", false, 0).commitGambit("s", 0);
        assertThatThrownBy(() -> g.play(2, Move.ROCK, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("round 1, not 2");
    }

    @Test
    void thePolicyMaximisesExpectedPointsAndBeatsThePredictedMove() {
        assertThat(BotPolicy.best(new double[] {0.8, 0.1, 0.1}, 1.5)).isEqualTo(Move.PAPER);
        assertThat(BotPolicy.best(new double[] {0.1, 0.8, 0.1}, 1.0)).isEqualTo(Move.SCISSORS);
        assertThat(BotPolicy.best(new double[] {0.1, 0.1, 0.8}, 2.0)).isEqualTo(Move.ROCK);
        // rock 0.45, paper 0.45: paper wins 0.45 loses 0.1, scissors wins 0.45 loses 0.45 -> paper
        assertThat(BotPolicy.best(new double[] {0.45, 0.45, 0.1}, 1.0)).isEqualTo(Move.PAPER);
        assertThat(BotPolicy.expectedPoints(new double[] {1, 0, 0}, Move.PAPER, 1.7)).isEqualTo(1.7);
        assertThat(BotPolicy.expectedPoints(new double[] {1, 0, 0}, Move.SCISSORS, 1.7)).isEqualTo(-1.7);
    }

    @Test
    void familiesAndAliasesAreSpreadOverGames() {
        Set<String> families = new HashSet<>();
        Set<String> aliases = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            families.add(RpsRules.familyFor("g" + i));
            aliases.add(RpsRules.aliasFor("g" + i));
        }
        assertThat(families).containsExactlyInAnyOrderElementsOf(RpsRules.FAMILIES);
        assertThat(aliases).containsExactlyInAnyOrder("Production", "B");
    }

    @Test
    void wireReadersRefuseBadCommandsWithTheField() {
        assertThat(RpsWire.COMMAND.read("{\"gameId\":\"g1\",\"type\":\"start\"}".getBytes()).isOk()).isTrue();
        assertThat(RpsWire.COMMAND.read("{\"gameId\":\"g1\",\"type\":\"move\",\"round\":4,\"move\":\"rock\"}".getBytes()).isOk()).isTrue();
        assertThat(RpsWire.COMMAND.read("{\"gameId\":\"g1\",\"type\":\"move\",\"round\":4}".getBytes()).reason()).contains("move");
        assertThat(RpsWire.COMMAND.read("{\"gameId\":\"g1\",\"type\":\"move\",\"round\":4,\"move\":\"lizard\"}".getBytes()).isOk()).isFalse();
        assertThat(RpsWire.COMMAND.read("{\"gameId\":\"bad id!\",\"type\":\"start\"}".getBytes()).reason()).contains("gameId");
        RpsGame g = RpsGame.start("g9", RpsRules.LOGAN, "B", true, 0).commitGambit("s", 0);
        assertThat(RpsWire.REQUEST.read(Json.write(RpsRequest.of(g.play(1, Move.ROCK, 5)))).isOk()).isTrue();
        assertThat(RpsWire.FEEDBACK.read(Json.write(RpsFeedback.of(g.play(1, Move.ROCK, 5)))).isOk()).isTrue();
    }
}
