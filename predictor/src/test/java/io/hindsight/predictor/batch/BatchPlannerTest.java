package io.hindsight.predictor.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.predictor.CaloriesRequests;
import io.hindsight.predictor.dedupe.SeenRequests;
import io.hindsight.contracts.Task;
import io.hindsight.predictor.registry.LoadedModel;
import io.hindsight.predictor.registry.ModelLoader;
import io.hindsight.predictor.task.TaskServing;
import io.hindsight.predictor.registry.ServingModels;
import io.hindsight.trainer.calories.CaloriesExamples;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.model.TrainedModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final ModelLoader LOADER = new ModelLoader(TaskServing.of(Task.CALORIES), 1);
    private static TrainedModel production;
    private static ServingModels models;
    private final BatchPlanner planner = new BatchPlanner(TaskServing.of(Task.CALORIES));
    private final SeenRequests seen = new SeenRequests(Duration.ofHours(1));
    private long offset;

    @BeforeAll
    static void trainModels() throws Exception {
        production = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(30)).trainOnGenerated(3L, 2_000);
        TrainedModel shadow = new CaloriesTrainer(CaloriesTrainerConfig.shadow().withTrees(10)).trainOnGenerated(3L, 2_000);
        models = ServingModels.of(List.of(
                new LoadedModel("xgboost", "Production", production.version(), LOADER.load(production.metadata(), production.artifact())),
                new LoadedModel("xgboost", "shadow1", shadow.version(), LOADER.load(shadow.metadata(), shadow.artifact()))));
    }

    @Test
    void predictsEveryValidRequestWithProductionServedAndShadowsLogged() {
        List<CaloriesRecord> in = CaloriesRequests.records(1L, List.of("1", "two", "3"));
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(
                record("1", CaloriesRequests.jsonWithNumericId(in.get(0))),
                record(null, CaloriesRequests.json(in.get(1))),
                record("3", CaloriesRequests.json(in.get(2))));

        BatchPlan plan = planner.plan(batch, models, seen, NOW);

        assertThat(plan.rejected()).isEmpty();
        assertThat(plan.replays()).isZero();
        assertThat(plan.predictions()).isEqualTo(plan.fresh()).extracting(PredictionRecord::requestId).containsExactly("1", "two", "3");
        double[] expected = CaloriesTrainer.predictKcal(production.model(),
                in.stream().map(CaloriesExamples::unlabelled).toList());
        for (int i = 0; i < 3; i++) {
            PredictionRecord p = plan.predictions().get(i);
            assertThat(p.served().alias()).isEqualTo("Production");
            assertThat(p.served().version()).isEqualTo(production.version());
            assertThat(p.served().value()).isEqualTo(expected[i]);
            assertThat(p.shadows()).singleElement().satisfies(s -> assertThat(s.alias()).isEqualTo("shadow1"));
            assertThat(p.requestTs()).isEqualTo(batch.get(i).timestamp());
            assertThat(p.predictedTs()).isEqualTo(NOW);
            assertThat(p.replay()).isFalse();
            assertThat(p.task()).isEqualTo("calories");
        }
    }

    @Test
    void invalidRequestsAreRejectedWithAReasonNamingTheField() {
        CaloriesRecord r = CaloriesRequests.records(2L, List.of("x1")).get(0);
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(
                record("a", CaloriesRequests.MALFORMED),
                record("b", CaloriesRequests.with(r, "Age", -5)),
                record("c", CaloriesRequests.with(r, "Sex", "x")),
                record("d", "{}".getBytes(StandardCharsets.UTF_8)),
                record("e", CaloriesRequests.json(r)));

        BatchPlan plan = planner.plan(batch, models, seen, NOW);

        assertThat(plan.rejected()).extracting(rj -> rj.source().offset()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(plan.rejected().get(0).reason()).contains("malformed JSON");
        assertThat(plan.rejected().get(1).reason()).startsWith("Age");
        assertThat(plan.rejected().get(2).reason()).startsWith("Sex");
        assertThat(plan.rejected().get(3).reason()).contains("id").contains("Heart_Rate");
        assertThat(plan.predictions()).extracting(PredictionRecord::requestId).containsExactly("x1");
    }

    @Test
    void anIdSeenBeforeIsAnsweredWithItsOriginalPrediction() {
        CaloriesRecord r = CaloriesRequests.records(4L, List.of("again")).get(0);
        PredictionRecord original = planner.plan(List.of(record("again", CaloriesRequests.json(r))), models, seen, NOW).fresh().get(0);
        seen.add(original);

        BatchPlan plan = planner.plan(List.of(record("again", CaloriesRequests.json(r))), models, seen, NOW + 60_000);

        assertThat(plan.fresh()).isEmpty();
        assertThat(plan.replays()).isEqualTo(1);
        assertThat(plan.predictions()).containsExactly(original.asReplay());
    }

    @Test
    void aRepeatedIdInOneBatchIsPredictedOnceAndReplayed() {
        List<CaloriesRecord> in = CaloriesRequests.records(5L, List.of("dup", "other"));
        BatchPlan plan = planner.plan(List.of(
                record("dup", CaloriesRequests.json(in.get(0))),
                record("other", CaloriesRequests.json(in.get(1))),
                record("dup", CaloriesRequests.json(in.get(0)))), models, seen, NOW);

        assertThat(plan.fresh()).extracting(PredictionRecord::requestId).containsExactly("dup", "other");
        assertThat(plan.predictions()).hasSize(3);
        assertThat(plan.predictions().get(2)).isEqualTo(plan.predictions().get(0).asReplay());
        assertThat(plan.replays()).isEqualTo(1);
    }

    @Test
    void anIdOutsideTheHorizonIsPredictedAgain() {
        CaloriesRecord r = CaloriesRequests.records(6L, List.of("late")).get(0);
        seen.add(planner.plan(List.of(record("late", CaloriesRequests.json(r))), models, seen, NOW).fresh().get(0));

        BatchPlan plan = planner.plan(List.of(record("late", CaloriesRequests.json(r))), models, seen,
                NOW + Duration.ofHours(1).toMillis() + 1);

        assertThat(plan.fresh()).hasSize(1);
        assertThat(plan.replays()).isZero();
    }

    @Test
    void refusesToPredictWithoutProduction() {
        assertThatThrownBy(() -> planner.plan(List.of(), ServingModels.EMPTY, seen, NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void servedValuesAreKcalNotTheLogTarget() {
        CaloriesRecord r = CaloriesRequests.records(7L, List.of("k")).get(0);
        double kcal = planner.plan(List.of(record("k", CaloriesRequests.json(r))), models, seen, NOW).fresh().get(0).served().value();
        double raw = production.model().predict(CaloriesExamples.unlabelled(r)).getOutput().getValues()[0];

        assertThat(kcal).isEqualTo(CaloriesFeatures.toCalories(raw)).isGreaterThan(raw);
    }

    private ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        long o = offset++;
        return new ConsumerRecord<>("calories.requests", 0, o, NOW - 1_000 + o, TimestampType.CREATE_TIME,
                0, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(),
                Optional.empty());
    }
}
