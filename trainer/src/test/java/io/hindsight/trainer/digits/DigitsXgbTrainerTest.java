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
        // the published model is the three-step evaluation's step 2: a label-stratified 80% of the 2,000 digits.
        // 1,600 digits, 15 rounds of depth-4 trees: the floor only guards against a broken pipeline (chance is 0.1)
        assertThat(meta.metrics().get("holdoutAccuracy")).isGreaterThan(0.80);
        assertThat(meta.metrics()).containsKeys("holdoutLogLoss", "trainingSeconds", "holdoutAccuracy_3",
                DigitsEvaluation.CHRONOLOGICAL_ACCURACY, DigitsEvaluation.VALIDATION_ACCURACY,
                DigitsEvaluation.CV_ACCURACY_MEAN, DigitsEvaluation.CV_ACCURACY_STD);
        assertThat(meta.metrics()).containsEntry(DigitsEvaluation.TRAIN_COUNT, 1_600.0)
                .containsEntry(DigitsEvaluation.VALIDATION_COUNT, 400.0).containsEntry(DigitsEvaluation.CHRONOLOGICAL_COUNT, 400.0)
                .containsEntry(DigitsEvaluation.CV_COUNT, 1_200.0); // step 1's train part, under the subsample cap
        assertThat(meta.reference().keySet()).containsExactlyElementsOf(io.hindsight.contracts.digits.DigitSummary.NAMES);
        assertThat(meta.reference().get("ink").count()).isEqualTo(1_600);
        assertThat(meta.provenance()).containsEntry("trainDigits", 1_600).containsEntry("poolDigits", 2_000)
                .containsEntry("liveDrawings", 0).containsKeys("tribuo", "config", "evaluation");

        // The bytes are Tribuo protobuf (no Java serialization) and predict exactly what the metrics were computed from.
        @SuppressWarnings("unchecked")
        Model<Label> loaded = (Model<Label>) Model.deserialize(ModelProto.parseFrom(m.artifact()));
        float[] p = DigitsXgbTrainer.probabilities(loaded, data.holdout(), 0, data.holdout().count());
        assertThat(meta.metrics()).containsAllEntriesOf(DigitsMetrics.holdout(p, data.holdout()));
    }

    @Test
    void versionsFromBeforeTheEvaluationAreStillTrainedTheirWayForRebuilds() {
        DigitsDataset data = TestDigits.dataset(1_000, 500);

        DigitsTrainedModel m = new DigitsXgbTrainer(DigitsXgbConfig.tiny().withRounds(5)).trainOnFirstDigits(data, "1.2.3");

        assertThat(m.metadata().provenance()).containsEntry("trainDigits", 1_000).doesNotContainKey("evaluation");
        assertThat(m.metadata().metrics()).doesNotContainKey(DigitsEvaluation.VALIDATION_ACCURACY);
        assertThat(m.metadata().reference().get("ink").count()).isEqualTo(1_000);
    }
}
