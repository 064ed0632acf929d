package io.hindsight.joiner;

import static io.hindsight.joiner.JoinerFixtures.digitOutput;
import static io.hindsight.joiner.JoinerFixtures.digitsPrediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.ScoredRecord;
import org.junit.jupiter.api.Test;

class ScoringTest {
    static final TaskProfile DIGITS = TaskProfile.of(Task.DIGITS);
    static final Classes TEN = DIGITS.classes();

    @Test
    void aClassIsCorrectWhenThePredictedIndexIsTheLabel() {
        assertThat(Scoring.correct(TEN, 7.0, 7.0)).isTrue();
        assertThat(Scoring.correct(TEN, 0.0, 0.0)).isTrue();
        assertThat(Scoring.correct(TEN, 1.0, 7.0)).isFalse();
    }

    @Test
    void aValueThatIsNoClassIsNeverCorrect() {
        assertThat(Scoring.correct(TEN, 7.5, 7.0)).as("not truncated into a class").isFalse();
        assertThat(Scoring.correct(TEN, Double.NaN, 7.0)).isFalse();
        assertThat(Scoring.correct(TEN, 10.0, 10.0)).as("both out of range are not a match").isFalse();
        assertThat(Scoring.correct(TEN, -1.0, -1.0)).isFalse();
    }

    @Test
    void classesLabelBoundedly() {
        assertThat(TEN.indexOf(3.0)).isEqualTo(3);
        assertThat(TEN.indexOf(-0.0)).isZero();
        assertThat(TEN.indexOf(9.0)).isEqualTo(9);
        assertThat(TEN.indexOf(10.0)).isEqualTo(10);
        assertThat(TEN.indexOf(Double.POSITIVE_INFINITY)).isEqualTo(10);
        assertThat(TEN.label(10)).isEqualTo(Classes.OTHER);
        assertThat(TEN.confusionKey(7, 1)).isEqualTo("7>1");
        assertThat(TEN.confusionKey(7, TEN.indexOf(42))).isEqualTo("7>other");
    }

    @Test
    void aScoredClassificationCarriesTheZeroOneLossAndNoLogError() {
        PredictionRecord p = digitsPrediction("r", 7, 1, 1_000);
        GroundTruth truth = new GroundTruth("r", 7, 3_500, "{}");
        ScoredRecord right = Scoring.score("digits", p, p.served(), true, truth, DIGITS);
        ScoredRecord wrong = Scoring.score("digits", p, digitOutput("v2", "shadow1", 1), false, truth, DIGITS);
        assertThat(right.correct()).isTrue();
        assertThat(right.absError()).isZero();
        assertThat(right.squaredLogError()).isNull();
        assertThat(right.lagMs()).isEqualTo(2_500);
        assertThat(wrong.correct()).isFalse();
        assertThat(wrong.absError()).isEqualTo(1.0);
    }
}
