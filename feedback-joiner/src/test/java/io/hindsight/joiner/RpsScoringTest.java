package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.ScoredRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpsScoringTest {
    static final TaskProfile RPS = TaskProfile.of(Task.RPS);
    static final int ROCK = 0;
    static final int PAPER = 1;
    static final int SCISSORS = 2;

    static ModelOutput says(double move, List<Double> scores) {
        return new ModelOutput("logan", "v1", "Production", move, scores);
    }

    @Test
    void theBotPlaysTheBestReplyToTheOutputAndScoresAgainstThePlayersActualMove() {
        ModelOutput rock = says(ROCK, List.of(0.6, 0.3, 0.1)); // bot paper: 0.6 - 0.1 beats scissors 0.3 - 0.6
        assertThat(RpsScoring.points(rock, ROCK, 1.3)).isEqualTo(1.3);
        assertThat(RpsScoring.points(rock, PAPER, 1.3)).isEqualTo(0.0);
        assertThat(RpsScoring.points(rock, SCISSORS, 1.3)).isEqualTo(-1.3);
    }

    @Test
    void theBotsMoveFollowsExpectedPointsNotTheArgmax() {
        // P(rock)=0.45 is the top class, but scissors (0.4) vs rock: paper gains 0.45-0.4, rock gains 0.4-0.15
        ModelOutput o = says(ROCK, List.of(0.45, 0.15, 0.40));
        assertThat(RpsScoring.points(o, SCISSORS, 1.0)).as("bot rock beats scissors").isEqualTo(1.0);
    }

    @Test
    void withoutScoresTheOutputIsTakenAtItsWordAndWithoutAValueThereAreNoPoints() {
        assertThat(RpsScoring.points(says(SCISSORS, List.of()), PAPER, 2.0)).as("bot rock loses to paper").isEqualTo(-2.0);
        assertThat(RpsScoring.points(says(7, List.of()), PAPER, 2.0)).isNull();
        assertThat(RpsScoring.points(says(ROCK, List.of(0.6, 0.3, 0.1)), PAPER, null)).isNull();
    }

    @Test
    void onlyTheServedOutputOfALastRoundCarriesTheGame() {
        PredictionRecord p = new PredictionRecord("g:9", "rps", says(ROCK, List.of(0.6, 0.3, 0.1)),
                List.of(new ModelOutput("logan", "v2", "B", PAPER, List.of(0.1, 0.8, 0.1)),
                        new ModelOutput("logan", "fallback", "shadow1", 0, List.of())), 0, 10, false);
        GroundTruth lost = new GroundTruth("g:9", ROCK, 20, "{}", new RpsRound(1.0, true, "player"));
        List<ScoredRecord> out = Scoring.score("rps", p, lost, RPS);
        assertThat(out).extracting(ScoredRecord::alias).containsExactly("Production", "B");
        assertThat(out).extracting(ScoredRecord::gameWon).containsExactly(false, null);
        assertThat(out).extracting(ScoredRecord::points).containsExactly(1.0, -1.0);
    }

    @Test
    void aDigitsOrCaloriesScoreHasNoPoints() {
        PredictionRecord p = JoinerFixtures.digitsPrediction("r", 7, 1, 1_000);
        ScoredRecord s = Scoring.score("digits", p, p.served(), true, new GroundTruth("r", 7, 3_500, "{}"),
                TaskProfile.of(Task.DIGITS));
        assertThat(s.points()).isNull();
        assertThat(s.gameWon()).isNull();
    }
}
