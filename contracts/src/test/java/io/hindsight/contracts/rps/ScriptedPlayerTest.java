package io.hindsight.contracts.rps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScriptedPlayerTest {

    @Test
    void theCyclerCyclesAndTheBiasedPlayerThrowsRockHalfTheTime() {
        List<PlayedRound> h = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 6; i++) {
            Move m = ScriptedPlayer.CYCLER.next(h, r);
            assertThat(m.index()).isEqualTo(i % 3);
            h.add(new PlayedRound(i + 1, 1, m, Move.ROCK, 0, 0));
        }
        int rocks = 0;
        for (int i = 0; i < 10_000; i++) {
            rocks += ScriptedPlayer.BIASED_ROCK.next(List.of(), r) == Move.ROCK ? 1 : 0;
        }
        assertThat(rocks).isBetween(4_800, 5_200);
    }

    @Test
    void beatLastAndWinStayFollowTheirRules() {
        SplittableRandom r = new SplittableRandom(1);
        List<PlayedRound> won = List.of(new PlayedRound(1, 1, Move.PAPER, Move.ROCK, 1, 0));
        assertThat(ScriptedPlayer.WIN_STAY_LOSE_SHIFT.next(won, r)).isEqualTo(Move.PAPER);
        List<PlayedRound> lost = List.of(new PlayedRound(1, 1, Move.PAPER, Move.SCISSORS, 0, 1));
        for (int i = 0; i < 20; i++) {
            assertThat(ScriptedPlayer.WIN_STAY_LOSE_SHIFT.next(lost, r)).isNotEqualTo(Move.PAPER);
        }
        assertThat(ScriptedPlayer.BEAT_LAST.next(lost, r)).isEqualTo(Move.ROCK);
        assertThat(ScriptedPlayer.byName("Cycler")).isSameAs(ScriptedPlayer.CYCLER);
        assertThatThrownBy(() -> ScriptedPlayer.byName("nobody")).hasMessageContaining("known");
    }
}
