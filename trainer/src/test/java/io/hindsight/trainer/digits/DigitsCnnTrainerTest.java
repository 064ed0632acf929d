package io.hindsight.trainer.digits;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigitsCnnTrainerTest {
    private static final DigitsCnnConfig SMALL = DigitsCnnConfig.tiny().withMaxTrainDigits(3_000).withEpochs(2);

    @Test
    @SuppressWarnings("unchecked")
    void trainsExportsAndScoresTheExportedModel() {
        List<Double> losses = new ArrayList<>();
        TrainingProgress progress = (epoch, epochs, batch, batches, loss) -> losses.add(loss);

        DigitsTrainedModel m = new DigitsCnnTrainer(SMALL).train(TestDigits.dataset(5_000, 2_000), "1.2.3", progress);

        ModelVersion meta = m.metadata();
        assertThat(meta.version()).isEqualTo("digits-cnn-" + meta.artifactSha256().substring(0, 12));
        assertThat(meta.task()).isEqualTo("digits");
        assertThat(meta.family()).isEqualTo("cnn");
        assertThat(meta.format()).isEqualTo(ModelVersion.ONNX);
        assertThat(Sha256.hex(m.artifact())).isEqualTo(meta.artifactSha256());
        assertThat(meta.artifactBytes()).isEqualTo(m.artifact().length);
        assertThat(meta.codeVersion()).isEqualTo("1.2.3");
        assertThat(meta.features()).hasSize(784).startsWith("p000").endsWith("p783");
        // 3,000 digits, two epochs: far from the full run's 99%, far above chance
        assertThat(meta.metrics().get("holdoutAccuracy")).isGreaterThan(0.90);
        assertThat(meta.metrics().get("holdoutCount")).isEqualTo(2_000.0);
        assertThat(meta.metrics()).containsKeys("holdoutLogLoss", "trainingSeconds", "holdoutAccuracy_0", "holdoutAccuracy_9");
        assertThat(meta.metrics().get("onnxMaxAbsDiff")).isLessThan(DigitsCnnTrainer.MAX_EXPORT_DIFF);
        assertThat(meta.provenance()).containsEntry("trainDigits", 3_000).containsEntry("seed", 7L)
                .containsEntry("holdoutDigits", 2_000).containsKeys("libraries", "onnx", "config", "epochMeanLoss");
        assertThat((Map<String, Object>) meta.provenance().get("libraries")).containsEntry("djl", "0.36.0").containsEntry("pytorch", "2.7.1");
        assertThat(losses).hasSize(2 * 47); // ceil(3000 / 64) batches, two epochs
    }

    @Test
    void sameSeedSameDataSameThreadsGiveTheSameWeights() {
        DigitsCnnConfig config = SMALL.withMaxTrainDigits(1_000);
        CnnWeights a;
        CnnWeights b;
        try (TrainedCnn first = new DigitsCnnTrainer(config).fit(TestDigits.TRAIN, TrainingProgress.NONE)) {
            a = first.weights();
        }
        try (TrainedCnn second = new DigitsCnnTrainer(config).fit(TestDigits.TRAIN, TrainingProgress.NONE)) {
            b = second.weights();
        }
        CnnWeights c;
        try (TrainedCnn other = new DigitsCnnTrainer(config.withSeed(8L)).fit(TestDigits.TRAIN, TrainingProgress.NONE)) {
            c = other.weights();
        }

        assertThat(OnnxCnnExport.export(a, "t", Map.of())).isEqualTo(OnnxCnnExport.export(b, "t", Map.of()));
        assertThat(a.dense2Weight()).isNotEqualTo(c.dense2Weight());
    }
}
