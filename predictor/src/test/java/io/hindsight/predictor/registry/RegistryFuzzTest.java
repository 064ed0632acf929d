package io.hindsight.predictor.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.predictor.task.TaskServing;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.model.TrainedModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 8 for the registry topics, record by record without a broker (RegistryFuzzIT does a sample through
 * one): 10,000 malformed records on each of models, model-aliases and model-artifacts, and 10,000 uploads
 * of bytes that are no model, against a predictor serving a Production model. Nothing throws, every one is
 * counted exactly once under its topic, the Production model serves throughout, and a valid model published
 * after the junk is loaded. These topics are compacted and have no DLQ: counting and logging is the contract.
 */
class RegistryFuzzTest {
    static final int RECORDS = 10_000;
    private static final Map<Task, Fixture> FIXTURES = new EnumMap<>(Task.class);

    /** A task's Production model, the next valid model, and a model in the other format. */
    record Fixture(ModelVersion production, byte[] productionBytes, ModelVersion next, byte[] nextBytes, byte[] otherFormat) {
    }

    @BeforeAll
    static void models() {
        TrainedModel a = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(8)).trainOnGenerated(1L, 800);
        TrainedModel b = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(8).withSeed(9L)).trainOnGenerated(2L, 800);
        byte[] onnxA = new TinyOnnx(7L).model(true, -1, 10);
        byte[] onnxB = new TinyOnnx(8L).model(true, -1, 10);
        FIXTURES.put(Task.CALORIES, new Fixture(a.metadata(), a.artifact(), b.metadata(), b.artifact(), onnxA));
        FIXTURES.put(Task.DIGITS, new Fixture(onnx("digits-a", onnxA), onnxA, onnx("digits-b", onnxB), onnxB, a.artifact()));
    }

    private static ModelVersion onnx(String version, byte[] bytes) {
        return new ModelVersion(version, "digits", "tiny", 1L, ModelVersion.ONNX, Sha256.hex(bytes), bytes.length,
                List.of(), Map.of(), Map.of(), List.of(), "test");
    }

    @ParameterizedTest
    @EnumSource(value = Task.class, names = {"CALORIES", "DIGITS"}) // rps loads the same two formats
    void everyMalformedRegistryRecordIsCountedOnceAndTheServedModelStays(Task task) {
        Fixture f = FIXTURES.get(task);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegistryRejections rejections = new RegistryRejections(meters, task.id());
        List<String> swaps = new ArrayList<>();
        RegistryState state = new RegistryState(task, new ModelLoader(TaskServing.of(task), 1), rejections,
                new RegistryState.Events() {
                    @Override
                    public void swapped(AliasAssignment alias, LoadedModel before) {
                        swaps.add(alias.key() + "=" + alias.version());
                    }

                    @Override
                    public void retired(String version, ServableModel model) {
                    }
                });
        publish(state, f.production(), f.productionBytes(), Aliases.PRODUCTION);
        LoadedModel production = state.current().production();
        assertThat(production.version()).isEqualTo(f.production().version());

        MalformedRegistryRecords generator = new MalformedRegistryRecords(f.production(), f.productionBytes(), f.otherFormat(),
                "fuzz", 31L + task.ordinal());
        Map<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < RECORDS; i++) {
            MalformedRegistryRecords.Malformed m = generator.model();
            kinds.merge("models/" + m.kind(), 1, Integer::sum);
            state.onModel(m.key(), m.value());
            assertThat(total(rejections, RegistryState.MODELS)).as("%s %s", m.kind(), m.detail()).isEqualTo(i + 1);
        }
        for (int i = 0; i < RECORDS; i++) {
            MalformedRegistryRecords.Malformed m = generator.alias();
            kinds.merge("aliases/" + m.kind(), 1, Integer::sum);
            RegistryState.Pending pending = state.onAlias(m.key(), m.value());
            if (pending != null) {
                state.recheck(pending); // the grace period is over
            }
            assertThat(total(rejections, RegistryState.ALIASES)).as("%s %s", m.kind(), m.detail()).isEqualTo(i + 1);
        }
        for (int i = 0; i < RECORDS; i++) {
            MalformedRegistryRecords.Malformed m = generator.artifactUnderWrongKey();
            state.onArtifact(m.key(), m.value());
            assertThat(rejections.count(RegistryState.ARTIFACTS, RegistryRejections.SHA_MISMATCH)).as(m.detail()).isEqualTo(i + 1);
        }
        for (int i = 0; i < RECORDS; i++) {
            MalformedRegistryRecords.Upload u = generator.unloadableUpload();
            kinds.merge("uploads/" + u.detail().replaceAll(" cut to .*", " cut"), 1, Integer::sum);
            AliasAssignment a = new AliasAssignment(task.id(), "fuzz", "B", u.metadata().version(), i, "fuzz"); // one alias, moved each time
            state.onArtifact(u.metadata().artifactSha256(), u.artifact());
            state.onModel(u.metadata().version(), Json.write(u.metadata()));
            assertThat(state.onAlias(a.key(), Json.write(a))).isNull();
            assertThat(rejections.count(RegistryState.ARTIFACTS, RegistryRejections.UNLOADABLE)).as(u.detail()).isEqualTo(i + 1);
            state.onArtifact(u.metadata().artifactSha256(), null); // compacted away, as an operator would: keeps the heap small
        }

        assertThat(state.current().production()).isSameAs(production);
        assertThat(state.current().size()).isEqualTo(1);
        assertThat(total(rejections, RegistryState.MODELS)).isEqualTo(RECORDS);
        assertThat(total(rejections, RegistryState.ALIASES)).isEqualTo(RECORDS);
        assertThat(total(rejections, RegistryState.ARTIFACTS)).isEqualTo(2 * RECORDS);
        assertThat(rejections.total()).isEqualTo(4 * RECORDS);
        assertThat(swaps).containsExactly(task.id() + "/" + f.production().family() + "/Production=" + f.production().version());

        publish(state, f.next(), f.nextBytes(), Aliases.PRODUCTION); // valid records after the junk are still taken
        assertThat(state.current().production().version()).isEqualTo(f.next().version());
        assertThat(state.current().production().predict(List.of(new double[TaskServing.of(task).featureNames().size()])))
                .hasSize(1);
        assertThat(rejections.total()).isEqualTo(4 * RECORDS);
        System.out.printf("%s registry fuzz: %d models, %d model-aliases, %d model-artifacts under a wrong key and %d "
                        + "unservable uploads refused; hindsight_predictor_registry_rejected_total %s; kinds %s%n",
                task.id(), RECORDS, RECORDS, RECORDS, RECORDS, byReason(meters), kinds);
    }

    private static void publish(RegistryState state, ModelVersion meta, byte[] bytes, String alias) {
        state.onArtifact(meta.artifactSha256(), bytes);
        state.onModel(meta.version(), Json.write(meta));
        AliasAssignment a = new AliasAssignment(meta.task(), meta.family(), alias, meta.version(), 1L, "test");
        assertThat(state.onAlias(a.key(), Json.write(a))).isNull();
    }

    private static double total(RegistryRejections r, String topic) {
        return RegistryRejections.REASONS.get(topic).stream().mapToDouble(reason -> r.count(topic, reason)).sum();
    }

    private static Map<String, Double> byReason(SimpleMeterRegistry meters) {
        Map<String, Double> out = new TreeMap<>();
        meters.find("hindsight.predictor.registry.rejected").counters().forEach(c -> {
            if (c.count() > 0) {
                out.put(c.getId().getTag("topic") + "/" + c.getId().getTag("reason"), c.count());
            }
        });
        return out;
    }
}
