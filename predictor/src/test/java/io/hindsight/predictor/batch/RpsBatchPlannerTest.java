package io.hindsight.predictor.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.predictor.RpsRequests;
import io.hindsight.predictor.dedupe.SeenRequests;
import io.hindsight.predictor.registry.LoadedModel;
import io.hindsight.predictor.registry.RawOutput;
import io.hindsight.predictor.registry.RpsTestModels;
import io.hindsight.predictor.registry.ServableModel;
import io.hindsight.predictor.registry.ServingModels;
import io.hindsight.predictor.registry.TinyOnnx;
import io.hindsight.predictor.task.ServingInput;
import io.hindsight.predictor.task.TaskServing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rps routing: each request is served by the model its game names, shadowed by that family's other aliases
 * only, and answered uniformly when its model is not loaded. Real models: Tribuo logistic regressions
 * (logan) from protobuf bytes and ONNX networks (brian) on the 50 features; forrest has none.
 */
class RpsBatchPlannerTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final TinyOnnx BRIAN_PRODUCTION = TinyOnnx.rps(11L);
    private static byte[] loganProduction;
    private static byte[] loganB;
    private final BatchPlanner planner = new BatchPlanner(TaskServing.of(Task.RPS));
    private final SeenRequests seen = new SeenRequests(Duration.ofHours(1));
    private final List<CountingModel> counting = new ArrayList<>();
    private ServingModels models;
    private long offset;

    @BeforeAll
    static void trainLogan() {
        loganProduction = RpsTestModels.protobuf(RpsTestModels.logistic(1L, Integer::toString));
        loganB = RpsTestModels.protobuf(RpsTestModels.logistic(2L, Integer::toString));
    }

    @BeforeEach
    void loadModels() throws Exception {
        models = ServingModels.of(List.of(
                counted(RpsTestModels.load("logan", Aliases.PRODUCTION, "rps-logan-1", ModelVersion.TRIBUO_PROTOBUF, loganProduction)),
                counted(RpsTestModels.load("logan", Aliases.B, "rps-logan-2", ModelVersion.TRIBUO_PROTOBUF, loganB)),
                counted(RpsTestModels.load("brian", Aliases.PRODUCTION, "rps-brian-1", ModelVersion.ONNX, BRIAN_PRODUCTION.model(true, -1, 3))),
                counted(RpsTestModels.load("brian", Aliases.SHADOW1, "rps-brian-2", ModelVersion.ONNX, TinyOnnx.rps(12L).model(false, -1, 3)))));
    }

    @Test
    void eachRequestIsServedByItsGamesModelAndShadowedByItsFamilysOtherAliasesOnly() {
        List<RpsRequest> in = List.of(
                RpsRequests.request("g1", 4, "logan", Aliases.PRODUCTION),
                RpsRequests.request("g2", 2, "logan", Aliases.B),
                RpsRequests.request("g3", 7, "brian", Aliases.PRODUCTION),
                RpsRequests.request("g4", 1, "brian", Aliases.B), // brian has no B: fallback, still shadowed
                RpsRequests.request("g5", 3, "forrest", Aliases.PRODUCTION), // no forrest model at all
                RpsRequests.request("g1", 5, "logan", Aliases.PRODUCTION));

        BatchPlan plan = planner.plan(in.stream().map(this::record).toList(), models, seen, NOW);

        assertThat(plan.rejected()).isEmpty();
        assertThat(plan.predictions()).isEqualTo(plan.fresh()).extracting(PredictionRecord::requestId)
                .containsExactly("g1:4", "g2:2", "g3:7", "g4:1", "g5:3", "g1:5");
        assertServed(plan.predictions().get(0), "logan", Aliases.PRODUCTION, "rps-logan-1");
        assertThat(aliases(plan.predictions().get(0).shadows())).containsExactly("logan/B");
        assertServed(plan.predictions().get(1), "logan", Aliases.B, "rps-logan-2");
        assertThat(aliases(plan.predictions().get(1).shadows())).containsExactly("logan/Production");
        assertServed(plan.predictions().get(2), "brian", Aliases.PRODUCTION, "rps-brian-1");
        assertThat(aliases(plan.predictions().get(2).shadows())).containsExactly("brian/shadow1");
        assertThat(plan.predictions().get(3).served()).isEqualTo(Fallback.uniform(new ServingInput.Route("brian", "B"), 3));
        assertThat(aliases(plan.predictions().get(3).shadows())).containsExactly("brian/Production", "brian/shadow1");
        assertThat(plan.predictions().get(4).served().version()).isEqualTo(Fallback.VERSION);
        assertThat(plan.predictions().get(4).shadows()).isEmpty();
        assertServed(plan.predictions().get(5), "logan", Aliases.PRODUCTION, "rps-logan-1");

        double[] expected = BRIAN_PRODUCTION.probabilities(in.get(2).featureArray());
        for (int c = 0; c < 3; c++) {
            assertThat(plan.predictions().get(2).served().scores().get(c)).isCloseTo(expected[c], within(1e-5));
        }
        for (int i : new int[] {0, 1, 5}) { // logan learned that these players repeat their last move
            assertThat(plan.predictions().get(i).served().value()).isEqualTo(in.get(i).round() % 3);
        }
        // one call per model per batch: each loaded alias of a family predicts all of that family's rows
        assertThat(counting).extracting(m -> m.calls).containsOnly(1);
        assertThat(counting).extracting(m -> m.rows).containsExactly(3, 3, 2, 2);
        plan.predictions().forEach(p -> {
            assertThat(p.task()).isEqualTo("rps");
            assertThat(p.predictedTs()).isEqualTo(NOW);
            assertThat(p.replay()).isFalse();
        });
    }

    @Test
    void withNoModelLoadedEveryRequestIsAnsweredUniformlyAsAFallback() {
        BatchPlan plan = planner.plan(List.of(
                record(RpsRequests.request("g1", 1, "forrest", Aliases.PRODUCTION)),
                record(RpsRequests.request("g2", 1, "logan", Aliases.B))), ServingModels.EMPTY, seen, NOW);

        assertThat(plan.fresh()).hasSize(2);
        ModelOutput served = plan.fresh().get(1).served();
        assertThat(served).isEqualTo(new ModelOutput("logan", "fallback", "B", 0, List.of(1.0 / 3, 1.0 / 3, 1.0 / 3)));
        assertThat(plan.fresh().get(0).served().family()).isEqualTo("forrest");
        assertThat(plan.fresh()).allSatisfy(p -> assertThat(p.shadows()).isEmpty());
    }

    @Test
    void invalidRequestsAreRejectedWithAReasonNamingTheField() {
        RpsRequest r = RpsRequests.request("g9", 3, "logan", Aliases.PRODUCTION);
        BatchPlan plan = planner.plan(List.of(
                record(r, "{\"id\":".getBytes(StandardCharsets.UTF_8)),
                record(r, RpsRequests.with(r, "family", "alice")),
                record(r, RpsRequests.with(r, "alias", "shadow9")),
                record(r, RpsRequests.with(r, "features", r.features().subList(0, 49))),
                record(r, RpsRequests.with(r, "gameId", null)),
                record(r)), models, seen, NOW);

        assertThat(plan.rejected()).extracting(rj -> rj.source().offset()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(plan.rejected().get(0).reason()).contains("malformed JSON");
        assertThat(plan.rejected().get(1).reason()).startsWith("family");
        assertThat(plan.rejected().get(2).reason()).startsWith("alias");
        assertThat(plan.rejected().get(3).reason()).startsWith("features");
        assertThat(plan.rejected().get(4).reason()).contains("gameId");
        assertThat(plan.predictions()).extracting(PredictionRecord::requestId).containsExactly("g9:3");
    }

    @Test
    void aFailingShadowCostsNoRequestButAFailingServedModelFailsTheBatchForARetry() {
        counting.get(1).failing = true; // logan B
        BatchPlan plan = planner.plan(List.of(record(RpsRequests.request("g1", 2, "logan", Aliases.PRODUCTION))), models, seen, NOW);
        assertThat(plan.fresh().get(0).served().version()).isEqualTo("rps-logan-1");
        assertThat(plan.fresh().get(0).shadows()).isEmpty();

        assertThatThrownBy(() -> planner.plan(List.of(record(RpsRequests.request("g2", 2, "logan", Aliases.B))), models, seen, NOW))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRoundSeenBeforeIsReplayed() {
        RpsRequest r = RpsRequests.request("g7", 2, "brian", Aliases.PRODUCTION);
        PredictionRecord original = planner.plan(List.of(record(r)), models, seen, NOW).fresh().get(0);
        seen.add(original);

        BatchPlan plan = planner.plan(List.of(record(r)), models, seen, NOW + 1_000);

        assertThat(plan.fresh()).isEmpty();
        assertThat(plan.predictions()).containsExactly(original.asReplay());
    }

    private static void assertServed(PredictionRecord p, String family, String alias, String version) {
        assertThat(p.served().family()).isEqualTo(family);
        assertThat(p.served().alias()).isEqualTo(alias);
        assertThat(p.served().version()).isEqualTo(version);
        assertThat(p.served().scores()).hasSize(3);
    }

    private static List<String> aliases(List<ModelOutput> outputs) {
        return outputs.stream().map(o -> o.family() + "/" + o.alias()).toList();
    }

    private LoadedModel counted(LoadedModel m) {
        CountingModel c = new CountingModel(m.model());
        counting.add(c);
        return new LoadedModel(m.family(), m.alias(), m.version(), c);
    }

    private ConsumerRecord<byte[], byte[]> record(RpsRequest r) {
        return record(r, RpsRequests.json(r));
    }

    private ConsumerRecord<byte[], byte[]> record(RpsRequest r, byte[] value) {
        long o = offset++;
        return new ConsumerRecord<>("rps.requests", 0, o, NOW - 1_000 + o, TimestampType.CREATE_TIME, 0, 0,
                r.gameId().getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty());
    }

    /** Counts calls and rows, to check the batching; can be made to fail. */
    private static final class CountingModel implements ServableModel {
        private final ServableModel delegate;
        int calls;
        int rows;
        boolean failing;

        CountingModel(ServableModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<RawOutput> predict(List<double[]> in) {
            calls++;
            rows += in.size();
            if (failing) {
                throw new IllegalStateException("injected failure");
            }
            return delegate.predict(in);
        }
    }
}
