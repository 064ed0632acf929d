package io.hindsight.trainer.calories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.trainer.evaluation.RegressionMetrics;
import io.hindsight.trainer.model.TrainedModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.regression.Regressor;

class CaloriesEvaluationTest {
    private static final List<CaloriesRow> ROWS = new CaloriesGenerator(21L).next(1_003);
    private static final CaloriesTrainerConfig SMALL = CaloriesTrainerConfig.defaults().withTrees(40);

    @Test
    void chronologicalSplitKeepsTimeOrder() {
        CaloriesEvaluation.Split s = CaloriesEvaluation.chronological(ROWS, 0.6, 0.2);
        assertThat(s.train()).hasSize(602).isEqualTo(ROWS.subList(0, 602));
        assertThat(s.validation()).hasSize(200).isEqualTo(ROWS.subList(602, 802));
        assertThat(s.test()).hasSize(201).isEqualTo(ROWS.subList(802, 1_003));
    }

    @Test
    void targetBinsAreQuantilesOfCalories() {
        int[] bins = CaloriesEvaluation.targetBins(ROWS, 10);
        int[] counts = new int[10];
        double[] max = new double[10];
        double[] min = new double[10];
        java.util.Arrays.fill(min, Double.MAX_VALUE);
        for (int i = 0; i < bins.length; i++) {
            counts[bins[i]]++;
            max[bins[i]] = Math.max(max[bins[i]], ROWS.get(i).calories());
            min[bins[i]] = Math.min(min[bins[i]], ROWS.get(i).calories());
        }
        for (int b = 0; b < 10; b++) {
            assertThat(counts[b]).isBetween(100, 101);
            if (b > 0) {
                assertThat(min[b]).isGreaterThanOrEqualTo(max[b - 1]);
            }
        }
    }

    @Test
    void stratifiedSplitTakesExactlyTheFractionFromEveryBin() {
        CaloriesEvaluation.Split s = CaloriesEvaluation.stratified(ROWS, 0.2, 10, 7L);
        assertThat(s.validation()).hasSize((int) Math.round(1_003 * 0.2));
        assertThat(s.train()).hasSize(1_003 - s.validation().size());
        Set<CaloriesRow> all = new HashSet<>(s.train());
        all.addAll(s.validation());
        assertThat(all).hasSize(1_003);
        // each side keeps time order
        assertThat(s.train()).isSortedAccordingTo((a, b) -> Integer.compare(ROWS.indexOf(a), ROWS.indexOf(b)));
        assertThat(s.validation()).isSortedAccordingTo((a, b) -> Integer.compare(ROWS.indexOf(a), ROWS.indexOf(b)));
        int[] bins = CaloriesEvaluation.targetBins(ROWS, 10);
        int[] perBin = new int[10];
        Set<CaloriesRow> validation = new HashSet<>(s.validation());
        for (int i = 0; i < ROWS.size(); i++) {
            perBin[bins[i]] += validation.contains(ROWS.get(i)) ? 1 : 0;
        }
        for (int b = 0; b < 10; b++) {
            assertThat(perBin[b]).as("bin " + b).isBetween(20, 21);
        }
        // seeded: same seed same split, another seed another
        assertThat(CaloriesEvaluation.stratified(ROWS, 0.2, 10, 7L)).isEqualTo(s);
        assertThat(CaloriesEvaluation.stratified(ROWS, 0.2, 10, 8L).validation()).isNotEqualTo(s.validation());
    }

    @Test
    void foldsPartitionTheRowsAndShareEveryBin() {
        List<CaloriesEvaluation.Split> folds = CaloriesEvaluation.folds(ROWS, 3, 10, 3L);
        assertThat(folds).hasSize(3);
        Set<CaloriesRow> seen = new HashSet<>();
        int[] bins = CaloriesEvaluation.targetBins(ROWS, 10);
        for (CaloriesEvaluation.Split f : folds) {
            assertThat(f.validation().size()).isBetween(334, 335);
            assertThat(f.train().size() + f.validation().size()).isEqualTo(1_003);
            assertThat(seen.addAll(f.validation())).isTrue();
            Set<CaloriesRow> v = new HashSet<>(f.validation());
            int[] perBin = new int[10];
            for (int i = 0; i < ROWS.size(); i++) {
                perBin[bins[i]] += v.contains(ROWS.get(i)) ? 1 : 0;
            }
            for (int b = 0; b < 10; b++) {
                assertThat(perBin[b]).isBetween(32, 35);
            }
        }
        assertThat(seen).hasSize(1_003);
        assertThat(CaloriesEvaluation.folds(ROWS, 3, 10, 3L)).isEqualTo(folds);
    }

    @Test
    void threeStepsScoreThePublishedModelAndReportProgressPerFit() {
        List<String> progress = new ArrayList<>();
        CaloriesEvaluation.Result r = CaloriesEvaluation.evaluate(SMALL, ROWS, "test", 42L,
                (step, steps, label, rmsle, seconds) -> progress.add(step + "/" + steps + " " + label));

        Map<String, Double> m = r.metrics();
        System.out.printf("calories 3 steps on 1,003 rows: hold-out %.4f, validation %.4f, cv %.4f +- %.4f%n",
                m.get(RegressionMetrics.RMSLE), m.get(CaloriesEvaluation.VALIDATION_RMSLE),
                m.get(CaloriesEvaluation.CV_RMSLE_MEAN), m.get(CaloriesEvaluation.CV_RMSLE_STD));
        assertThat(progress).hasSize(CaloriesEvaluation.STEPS).first().asString().startsWith("1/5 step 1");
        assertThat(progress.get(4)).startsWith("5/5 step 3: fold 3/3");
        assertThat(m.get(RegressionMetrics.RMSLE)).isBetween(0.03, 0.2);
        assertThat(m.get(RegressionMetrics.MAE)).isPositive();
        assertThat(m.get(CaloriesEvaluation.HOLDOUT_ROWS)).isEqualTo(201.0);
        assertThat(m.get(CaloriesEvaluation.VALIDATION_RMSLE)).isBetween(0.03, 0.2);
        assertThat(m.get(CaloriesEvaluation.VALIDATION_ROWS)).isEqualTo(201.0);
        assertThat(m.get(CaloriesEvaluation.TRAIN_ROWS)).isEqualTo(802.0);
        assertThat(m.get(CaloriesEvaluation.CV_RMSLE_MEAN)).isBetween(0.03, 0.2);
        assertThat(m.get(CaloriesEvaluation.CV_RMSLE_STD)).isBetween(0.0, 0.05);
        assertThat(r.published().metadata().provenance()).containsEntry("trainRows", 802).containsEntry("holdoutRows", 201);
        // the published model's validation score is recomputable from its bytes' model
        CaloriesEvaluation.Split s = CaloriesEvaluation.stratified(ROWS, SMALL.holdoutFraction(), 10, 42L);
        assertThat(CaloriesEvaluation.score(r.published().model(), s.validation()).rmsle())
                .isEqualTo(m.get(CaloriesEvaluation.VALIDATION_RMSLE));
    }

    @Test
    void refusesTooFewRows() {
        assertThatThrownBy(() -> CaloriesEvaluation.evaluate(SMALL, ROWS.subList(0, 199), "test", 1L, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 200");
    }

    @Test
    void evaluationFitsUseTheSameRecipeAsCaloriesTrainer() {
        List<CaloriesRow> rows = ROWS.subList(0, 500);
        TrainedModel trained = new CaloriesTrainer(SMALL).train(rows, "test");
        var fitted = CaloriesXgb.fit(SMALL, rows.subList(0, 400), "test");
        List<Example<Regressor>> probe = new CaloriesGenerator(99L).next(100).stream()
                .map(r -> CaloriesExamples.unlabelled(r.record())).toList();
        assertThat(CaloriesTrainer.predictKcal(fitted, probe)).containsExactly(CaloriesTrainer.predictKcal(trained.model(), probe));
    }
}
