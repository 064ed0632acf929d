package io.hindsight.trainer.calories;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.trainer.evaluation.RegressionMetrics;
import io.hindsight.trainer.model.TrainedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

class CaloriesTrainerTest {
    /** Small enough to run in about a second; the defaults are measured by the app's first start. */
    private static final CaloriesTrainerConfig SMALL = CaloriesTrainerConfig.defaults().withTrees(80);
    private static TrainedModel trained;
    private static List<Example<Regressor>> probe;

    @BeforeAll
    static void train() {
        trained = new CaloriesTrainer(SMALL).trainOnGenerated(11L, 5_000);
        probe = new CaloriesGenerator(99L).next(200).stream().map(r -> CaloriesExamples.unlabelled(r.record())).toList();
    }

    @Test
    void holdoutErrorIsSmallOnGeneratedData() {
        Map<String, Double> m = trained.metadata().metrics();
        // The generator's own noise is 5% log-normal, so RMSLE cannot go much below 0.05.
        assertThat(m.get(RegressionMetrics.RMSLE)).isBetween(0.03, 0.15);
        assertThat(m.get(RegressionMetrics.MAE)).isPositive().isLessThan(15.0);
    }

    @Test
    void metadataDescribesTheArtifact() {
        ModelVersion v = trained.metadata();
        assertThat(v.artifactSha256()).isEqualTo(Sha256.hex(trained.artifact()));
        assertThat(v.version()).isEqualTo("calories-xgboost-" + v.artifactSha256().substring(0, 12));
        assertThat(v.task()).isEqualTo(Task.CALORIES.id());
        assertThat(v.family()).isEqualTo("xgboost");
        assertThat(v.format()).isEqualTo(ModelVersion.TRIBUO_PROTOBUF);
        assertThat(v.artifactBytes()).isEqualTo(trained.artifact().length);
        assertThat(v.features()).isEqualTo(CaloriesFeatures.NAMES);
        assertThat(v.trainingRanges()).isEmpty();
        assertThat(v.provenance()).containsEntry("dataSource", "generator:keytel2005 seed=11 n=5000")
                .containsEntry("rows", 5_000).containsEntry("trainRows", 4_000).containsEntry("seed", 42L)
                .containsKeys("config", "java", "os", "tribuo");
    }

    @Test
    void metadataRecordsTheTrainingDistributionOfEveryFeature() {
        ModelVersion v = trained.metadata();
        assertThat(v.reference().keySet()).containsExactlyElementsOf(CaloriesFeatures.NAMES);
        assertThat(v.reference().get("Duration").count()).isEqualTo(4_000); // the train rows, not the holdout
        assertThat(v.reference().get("Age").bins()).isEqualTo(10);
        assertThat(v.reference().get("Sex").bins()).isEqualTo(2);
        ModelVersion back = Json.read(Json.write(v), ModelVersion.class);
        assertThat(back.reference()).isEqualTo(v.reference());
    }

    @Test
    void metadataIsValidJsonForTheModelsTopic() {
        String json = Json.writeString(trained.metadata());
        ModelVersion back = Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), ModelVersion.class);
        assertThat(back.version()).isEqualTo(trained.version());
        assertThat(back.metrics()).isEqualTo(trained.metadata().metrics());
        assertThat(json).contains("XGBoostRegressionTrainer");
    }

    @Test
    void protobufRoundTripPredictsIdentically() throws Exception {
        @SuppressWarnings("unchecked")
        Model<Regressor> loaded = (Model<Regressor>) Model.deserialize(ModelProto.parseFrom(trained.artifact()));
        assertThat(CaloriesTrainer.predictKcal(loaded, probe)).containsExactly(CaloriesTrainer.predictKcal(trained.model(), probe));
    }

    @Test
    void sameSeedAndDataGiveTheSamePredictions() {
        TrainedModel again = new CaloriesTrainer(SMALL).trainOnGenerated(11L, 5_000);
        assertThat(CaloriesTrainer.predictKcal(again.model(), probe)).containsExactly(CaloriesTrainer.predictKcal(trained.model(), probe));
        assertThat(again.metadata().metrics().get(RegressionMetrics.RMSLE)).isEqualTo(trained.metadata().metrics().get(RegressionMetrics.RMSLE));
    }

    @Test
    void holdoutIsTheChronologicallyLastRows() {
        List<CaloriesRow> rows = new CaloriesGenerator(3L).next(1_000);
        TrainedModel m = new CaloriesTrainer(SMALL.withTrees(5)).train(rows, "test");
        assertThat(m.metadata().provenance()).containsEntry("trainRows", 800).containsEntry("holdoutRows", 200);
    }
}
