package io.hindsight.contracts.rps;

import static io.hindsight.contracts.rps.Move.PAPER;
import static io.hindsight.contracts.rps.Move.ROCK;
import static io.hindsight.contracts.rps.Move.SCISSORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The golden vector: a known four-round history, every one of the 50 values worked out by hand. */
class RpsFeaturesTest {

    private static final List<PlayedRound> HISTORY = List.of(
            new PlayedRound(1, 1.0, ROCK, PAPER, 0.0, 1.0),      // loss
            new PlayedRound(2, 1.5, ROCK, SCISSORS, 1.5, 1.0),   // win
            new PlayedRound(3, 2.0, PAPER, PAPER, 1.5, 1.0),     // tie
            new PlayedRound(4, 1.2, SCISSORS, PAPER, 2.7, 1.0)); // win

    @Test
    void goldenVectorForAKnownHistory() {
        double entropy = (0.5 * Math.log(2) + 2 * 0.25 * Math.log(4)) / Math.log(3);
        double[] expected = {
            // player lag1 (scissors), lag2 (paper), lag3 (rock)
            0, 0, 1, 0, 1, 0, 1, 0, 0,
            // bot lag1 (paper), lag2 (paper), lag3 (scissors)
            0, 1, 0, 0, 1, 0, 0, 0, 1,
            // result lag1 (win), lag2 (tie), lag3 (win)
            1, 0, 0, 0, 1, 0, 1, 0, 0,
            // this round's value, values at lags 1..3
            1.7, 1.2, 2.0, 1.5,
            // scores /10, difference, round 5 / 30, match points
            0.27, 0.10, 0.17, 5 / 30.0, 0, 0,
            // whole-game and last-5 frequencies: rock 2, paper 1, scissors 1
            0.5, 0.25, 0.25, 0.5, 0.25, 0.25,
            // repeat 1/3 (round 2), beat-the-bot's-last 1/3 (round 4), win-stay 0/1, lose-shift 0/1
            1 / 3.0, 1 / 3.0, 0, 0,
            entropy,
            // one win since the tie: +1/5
            0.2,
            // easy mode
            1};
        assertThat(expected).hasSize(RpsFeatures.COUNT);

        double[] actual = RpsFeatures.vector(HISTORY, 1.7, true);

        assertThat(actual).containsExactly(expected, within(1e-12));
    }

    @Test
    void anEmptyHistoryHasOnlyTheRoundValueUniformFrequenciesAndTheFlag() {
        double[] f = RpsFeatures.vector(List.of(), 1.3, false);

        assertThat(f[27]).isEqualTo(1.3);
        assertThat(f[34]).isEqualTo(1 / 30.0);
        assertThat(new double[] {f[37], f[38], f[39], f[40], f[41], f[42]}).containsOnly(1 / 3.0);
        assertThat(f[RpsFeatures.EASY_MODE]).isZero();
        double sumOfTheRest = 0;
        for (int i = 0; i < f.length; i++) {
            if (i != 27 && i != 34 && (i < 37 || i > 42)) {
                sumOfTheRest += Math.abs(f[i]);
            }
        }
        assertThat(sumOfTheRest).isZero();
    }

    @Test
    void aLosingStreakIsNegativeAndMatchPointsFlagTheDecidingRound() {
        List<PlayedRound> losses = List.of(
                new PlayedRound(1, 2.0, ROCK, PAPER, 0, 2.0),
                new PlayedRound(2, 2.0, ROCK, PAPER, 0, 4.0),
                new PlayedRound(3, 2.0, ROCK, PAPER, 0, 6.0),
                new PlayedRound(4, 2.0, ROCK, PAPER, 0, 8.0));

        double[] f = RpsFeatures.vector(losses, 2.0, false);

        assertThat(f[48]).isEqualTo(-0.8);
        assertThat(f[36]).isEqualTo(1.0); // 8 + 2 reaches 10
        assertThat(f[35]).isZero();
        assertThat(f[46]).isZero(); // never shifted after a loss
        assertThat(f[43]).isEqualTo(1.0);
    }

    @Test
    void namesAreFiftyAndUniqueWithTheEasyFlagLast() {
        assertThat(RpsFeatures.NAMES).hasSize(50).doesNotHaveDuplicates();
        assertThat(RpsFeatures.NAMES.get(49)).isEqualTo("easy_mode");
        assertThat(RpsFeatures.NAMES.get(27)).isEqualTo("round_value");
    }
}
