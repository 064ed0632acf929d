package io.hindsight.trainer.digits;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

class DigitsXgbTrainerTest {

    @Test
    void trainsOnPixelsAndTheProtobufArtifactPredictsExactlyWhatWasScored() throws Exception {
        DigitsDataset data = TestDigits.dataset(2_000, 1_000);

        DigitsTrainedModel m = new DigitsXgbTrainer(DigitsXgbConfig.tiny()).train(data, "1.2.3");

        ModelVersion meta = m.metadata();
        assertThat(meta.version()).isEqualTo("digits-xgboost-" + meta.artifactSha256().substring(0, 12));
        assertThat(meta.family()).isEqualTo("xgboost");
        assertThat(meta.format()).isEqualTo(ModelVersion.TRIBUO_PROTOBUF);
        assertThat(Sha256.hex(m.artifact())).isEqualTo(meta.artifactSha256());
        assertThat(meta.features()).isEqualTo(DigitsXgbTrainer.FEATURES).hasSize(784);
        // 2,000 digits, 15 rounds of depth-4 trees: measured 0.844 on these 1,000 holdout digits (deterministic
        // for a given XGBoost build); the floor only guards against a broken pipeline (chance is 0.1)
        assertThat(meta.metrics().get("holdoutAccuracy")).isGreaterThan(0.80);
        assertThat(meta.metrics()).containsKeys("holdoutLogLoss", "trainingSeconds", "holdoutAccuracy_3");
        assertThat(meta.reference().keySet()).containsExactlyElementsOf(io.hindsight.contracts.digits.DigitSummary.NAMES);
        assertThat(meta.reference().get("ink").count()).isEqualTo(2_000);
        assertThat(meta.provenance()).containsEntry("trainDigits", 2_000).containsKeys("tribuo", "config");

        // The bytes are Tribuo protobuf (no Java serialization) and predict exactly what the metrics were computed from.
        @SuppressWarnings("unchecked")
        Model<Label> loaded = (Model<Label>) Model.deserialize(ModelProto.parseFrom(m.artifact()));
        float[] p = DigitsXgbTrainer.probabilities(loaded, data.holdout(), 0, data.holdout().count());
        assertThat(DigitsMetrics.holdout(p, data.holdout())).isEqualTo(withoutTrainingSeconds(meta));
    }

    private static java.util.Map<String, Double> withoutTrainingSeconds(ModelVersion meta) {
        java.util.Map<String, Double> m = new java.util.HashMap<>(meta.metrics());
        m.remove("trainingSeconds");
        return m;
    }
}
