package io.hindsight.trainer.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.digits.MnistDigits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/** The digits XGBoost challenger's three-step evaluation: its splits, and what it fits and reports. */
class DigitsEvaluationTest {
    private static final MnistDigits FIRST_6000 = TestDigits.first(TestDigits.TRAIN, 6_000);

    @Test
    void stepOneSplitsByPositionInThePool() {
        DigitsEvaluation.Split s = DigitsEvaluation.chronological(10, 0.6, 0.2);

        assertThat(s.train()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(s.validation()).containsExactly(6, 7);
        assertThat(s.test()).containsExactly(8, 9);
    }

    @Test
    void stepTwoDrawsExactlyTheFractionFromEveryLabelSeeded() {
        int[] all = IntStream.range(0, 1_000).toArray();

        DigitsEvaluation.Split s = DigitsEvaluation.stratified(FIRST_6000, all, 0.2, 42L);

        assertThat(s.validation()).hasSize(200);
        assertThat(s.train()).hasSize(800);
        assertThat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())).sorted().toArray()).isEqualTo(all);
        assertThat(s.train()).isSorted(); // each side keeps pool (time) order
        int[] perLabel = labelCounts(all);
        int[] drawn = labelCounts(s.validation());
        for (int c = 0; c < 10; c++) {
            assertThat((double) drawn[c]).as("label " + c).isCloseTo(perLabel[c] * 0.2, org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(DigitsEvaluation.stratified(FIRST_6000, all, 0.2, 42L).validation()).isEqualTo(s.validation());
        assertThat(DigitsEvaluation.stratified(FIRST_6000, all, 0.2, 43L).validation()).isNotEqualTo(s.validation());
    }

    @Test
    void stepThreeFoldsValidateEveryDigitOnceWithEachLabelSpreadEvenly() {
        int[] positions = IntStream.range(100, 1_000).toArray();

        List<DigitsEvaluation.Split> folds = DigitsEvaluation.folds(FIRST_6000, positions, 3, 7L);

        assertThat(folds).hasSize(3);
        assertThat(folds.stream().flatMapToInt(f -> Arrays.stream(f.validation())).sorted().toArray()).isEqualTo(positions);
        for (DigitsEvaluation.Split f : folds) {
            assertThat(f.train().length + f.validation().length).isEqualTo(positions.length);
        }
        for (int c = 0; c < 10; c++) {
            int label = c;
            int[] perFold = folds.stream().mapToInt(f -> labelCounts(f.validation())[label]).toArray();
            assertThat(Arrays.stream(perFold).max().getAsInt() - Arrays.stream(perFold).min().getAsInt()).as("label " + c)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void runsTheThreeStepsPublishesStepTwoAndScoresTheLiveDrawingsApart() {
        // 500 MNIST train digits, then 100 "live drawings" (holdout digits standing in for them)
        MnistDigits live = TestDigits.first(TestDigits.HOLDOUT, 100);
        MnistDigits pool = DigitsEvaluation.pool(TestDigits.TRAIN, 500, live);
        DigitsXgbTrainer trainer = new DigitsXgbTrainer(DigitsXgbConfig.tiny().withRounds(5));
        List<Integer> fitted = new ArrayList<>();

        DigitsEvaluation.Result r = DigitsEvaluation.evaluate(d -> {
            fitted.add(d.count());
            return trainer.fit(d);
        }, pool, 500, 42L);

        // step 1 on the first 60%, step 2 on the stratified 80%, 3 folds on two thirds of step 1's train part each
        assertThat(fitted).containsExactly(360, 480, 240, 240, 240);
        Map<String, Double> m = r.metrics();
        assertThat(m).containsEntry(DigitsEvaluation.CHRONOLOGICAL_COUNT, 120.0)
                .containsEntry(DigitsEvaluation.CHRONOLOGICAL_LIVE_COUNT, 100.0) // the test part is [480, 600)
                .containsEntry(DigitsEvaluation.VALIDATION_COUNT, 120.0).containsEntry(DigitsEvaluation.CV_COUNT, 360.0)
                .containsEntry(DigitsEvaluation.TRAIN_COUNT, 480.0);
        // 5 rounds of depth-4 trees on a few hundred digits: far above chance (0.1), far from perfect
        assertThat(m.get(DigitsEvaluation.CHRONOLOGICAL_ACCURACY)).isBetween(0.5, 1.0);
        assertThat(m.get(DigitsEvaluation.CHRONOLOGICAL_LIVE_ACCURACY)).isBetween(0.5, 1.0);
        assertThat(m.get(DigitsEvaluation.VALIDATION_ACCURACY)).isBetween(0.5, 1.0);
        assertThat(m.get(DigitsEvaluation.CV_ACCURACY_MEAN)).isBetween(0.5, 1.0);
        assertThat(m.get(DigitsEvaluation.CV_ACCURACY_STD)).isBetween(0.0, 0.2);
        assertThat(r.publishedTrain()).hasSize(480);
        // the published model is step 2's: scoring it on step 2's validation part gives the validation figure
        int[] validation = IntStream.range(0, 600).filter(i -> Arrays.binarySearch(r.publishedTrain(), i) < 0).toArray();
        assertThat(DigitsEvaluation.score(r.published(), pool, validation).accuracy()).isEqualTo(m.get(DigitsEvaluation.VALIDATION_ACCURACY));
        System.out.printf("digits evaluation, 600 digits: chronological %.4f (live %.4f), validation %.4f, CV %.4f +- %.4f%n",
                m.get(DigitsEvaluation.CHRONOLOGICAL_ACCURACY), m.get(DigitsEvaluation.CHRONOLOGICAL_LIVE_ACCURACY),
                m.get(DigitsEvaluation.VALIDATION_ACCURACY), m.get(DigitsEvaluation.CV_ACCURACY_MEAN),
                m.get(DigitsEvaluation.CV_ACCURACY_STD));
    }

    @Test
    void crossValidatesALabelStratifiedSubsampleWhenStepOnesTrainPartIsLarge() {
        // a model fitted once on 200 digits stands in for every fit: this test is about what is fitted on
        Model<Label> stand = new DigitsXgbTrainer(DigitsXgbConfig.tiny().withRounds(2)).fit(TestDigits.first(TestDigits.TRAIN, 200));
        List<MnistDigits> fitted = new ArrayList<>();

        DigitsEvaluation.Result r = DigitsEvaluation.evaluate(d -> {
            fitted.add(d);
            return stand;
        }, FIRST_6000, 6_000, 1L);

        assertThat(fitted).extracting(MnistDigits::count).containsExactly(3_600, 4_800, 2_000, 2_000, 2_000);
        assertThat(r.metrics()).containsEntry(DigitsEvaluation.CV_COUNT, (double) DigitsEvaluation.CV_MAX_DIGITS)
                .doesNotContainKey(DigitsEvaluation.CHRONOLOGICAL_LIVE_ACCURACY);
        int[] step1Labels = labelCounts(FIRST_6000, 3_600);
        int[] foldLabels = new int[10];
        for (int i = 0; i < fitted.get(2).count(); i++) {
            foldLabels[fitted.get(2).label(i)]++;
        }
        for (int c = 0; c < 10; c++) { // each fold trains on two thirds of a subsample of 3,000 of the 3,600
            assertThat((double) foldLabels[c]).as("label " + c)
                    .isCloseTo(step1Labels[c] * 3_000.0 / 3_600 * 2 / 3, org.assertj.core.data.Offset.offset(2.0));
        }
        assertThat((String) ((Map<?, ?>) r.details()).get("pipeline")).contains("subsample of 3000 of its 3600");
    }

    @Test
    void refusesATinyPool() {
        assertThatThrownBy(() -> DigitsEvaluation.evaluate(d -> null, TestDigits.first(TestDigits.TRAIN, 50), 50, 1L))
                .hasMessageContaining("at least " + DigitsEvaluation.MIN_DIGITS);
    }

    private static int[] labelCounts(int[] positions) {
        int[] out = new int[10];
        for (int i : positions) {
            out[FIRST_6000.label(i)]++;
        }
        return out;
    }

    private static int[] labelCounts(MnistDigits d, int n) {
        int[] out = new int[10];
        for (int i = 0; i < n; i++) {
            out[d.label(i)]++;
        }
        return out;
    }
}
