package io.hindsight.predictor.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.predictor.MalformedRecords;
import io.hindsight.predictor.MalformedRecords.Malformed;
import io.hindsight.predictor.dedupe.SeenRequests;
import io.hindsight.predictor.registry.LoadedModel;
import io.hindsight.predictor.registry.ModelLoader;
import io.hindsight.predictor.registry.ServingModels;
import io.hindsight.predictor.registry.TinyOnnx;
import io.hindsight.predictor.task.TaskServing;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.model.TrainedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 10,000 generated malformed requests per task through the batch planner, no broker: none throws, none is
 * predicted, each is rejected with a reason; and valid requests in the same batches are still predicted.
 * {@code PredictorFuzzIT} sends the same kind of records through a real broker.
 */
class BatchPlannerFuzzTest {
    static final int RECORDS = 10_000;
    private static final long NOW = 1_800_000_000_000L;
    private static final Map<Task, ServingModels> MODELS = new EnumMap<>(Task.class);

    @BeforeAll
    static void models() throws Exception {
        TrainedModel calories = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(10)).trainOnGenerated(3L, 1_000);
        ModelLoader caloriesLoader = new ModelLoader(TaskServing.of(Task.CALORIES), 1);
        MODELS.put(Task.CALORIES, ServingModels.of(List.of(new LoadedModel("xgboost", "Production", calories.version(),
                caloriesLoader.load(calories.metadata(), calories.artifact())))));
        byte[] onnx = new TinyOnnx(7L).model(true, -1, 10);
        ModelVersion meta = new ModelVersion("digits-tiny-1", "digits", "tiny", 0L, ModelVersion.ONNX, Sha256.hex(onnx),
                onnx.length, List.of(), Map.of(), Map.of(), List.of(), "test");
        MODELS.put(Task.DIGITS, ServingModels.of(List.of(new LoadedModel("tiny", "Production", meta.version(),
                new ModelLoader(TaskServing.of(Task.DIGITS), 1).load(meta, onnx)))));
        MODELS.put(Task.RPS, ServingModels.EMPTY); // routed: answered with the uniform fallback
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void everyMalformedRequestIsRejectedWithAReasonAndValidOnesAroundThemArePredicted(Task task) {
        MalformedRecords generator = MalformedRecords.requests(task, 20_260_000L + task.ordinal());
        BatchPlanner planner = new BatchPlanner(TaskServing.of(task));
        SeenRequests seen = new SeenRequests(Duration.ofHours(1));
        Map<MalformedRecords.Kind, Integer> kinds = new EnumMap<>(MalformedRecords.Kind.class);
        int rejected = 0;
        int predicted = 0;
        long offset = 0;
        List<String> accepted = new ArrayList<>();
        for (int sent = 0; sent < RECORDS; ) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            List<Malformed> junk = generator.next(Math.min(500, RECORDS - sent));
            for (Malformed m : junk) {
                batch.add(record(offset++, m.key(), m.value()));
                kinds.merge(m.kind(), 1, Integer::sum);
            }
            MalformedRecords.Valid valid = generator.valid("valid-" + sent);
            String validId = valid.id();
            batch.add(record(offset++, null, valid.value()));
            sent += junk.size();

            BatchPlan plan = planner.plan(batch, MODELS.get(task), seen, NOW);

            for (BatchPlan.Rejected r : plan.rejected()) {
                assertThat(r.reason()).as("reason of %s", r.source().offset()).isNotBlank();
            }
            java.util.Set<Long> refused = new java.util.HashSet<>();
            plan.rejected().forEach(r -> refused.add(r.source().offset()));
            for (int i = 0; i < junk.size(); i++) {
                if (!refused.contains(batch.get(i).offset())) {
                    Malformed m = junk.get(i);
                    accepted.add(m.kind() + " " + m.detail() + ": " + (m.value() == null ? "null"
                            : new String(m.value(), java.nio.charset.StandardCharsets.UTF_8).substring(0, Math.min(160, m.value().length))));
                }
            }
            assertThat(plan.predictions()).extracting(PredictionRecord::requestId).contains(validId);
            rejected += plan.rejected().size();
            predicted += plan.predictions().size();
        }
        assertThat(accepted).as("malformed records that were predicted").isEmpty();
        assertThat(rejected).isEqualTo(RECORDS);
        assertThat(predicted).isEqualTo(RECORDS / 500);
        System.out.printf("%s planner fuzz: %d malformed sent, %d rejected with a reason, %d valid predicted; kinds %s%n",
                task.id(), RECORDS, rejected, predicted, kinds);
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void theGeneratorIsDeterministic(Task task) {
        List<Malformed> a = MalformedRecords.requests(task, 5L).next(300);
        List<Malformed> b = MalformedRecords.requests(task, 5L).next(300);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).key()).isEqualTo(b.get(i).key());
            assertThat(a.get(i).value()).isEqualTo(b.get(i).value());
            assertThat(a.get(i).kind()).isEqualTo(b.get(i).kind());
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] key, byte[] value) {
        return new ConsumerRecord<>("requests", (int) (offset % 3), offset, NOW - 5, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, new RecordHeaders(),
                java.util.Optional.empty());
    }
}
