package io.hindsight.trainer.digits;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import io.hindsight.contracts.digits.MnistDigits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written ONNX graph computes what the DJL network computes. The network is DJL's own (its layers and
 * gradients are DJL's and libtorch's, not ours), so there is no gradient check here: what we wrote is the graph,
 * and that is what this parity test pins — same probabilities within 1e-4 and the same top-1 on 500 holdout digits.
 */
class OnnxCnnExportTest {
    private static final int CHECK = 500;
    private static MnistDigits holdout;
    private static TrainedCnn cnn;
    private static byte[] onnx;

    @BeforeAll
    static void trainTinyCnn() {
        holdout = MnistDigits.holdout();
        cnn = new DigitsCnnTrainer(DigitsCnnConfig.tiny().withMaxTrainDigits(2_000)).fit(MnistDigits.train(), TrainingProgress.NONE);
        onnx = OnnxCnnExport.export(cnn.weights(), "test", Map.of("hindsight.family", "cnn"));
    }

    @AfterAll
    static void close() {
        cnn.close();
    }

    @Test
    void onnxRuntimeMatchesDjlOnHoldoutDigits() {
        float[] djl = cnn.probabilities(holdout, 0, CHECK);
        float[] ort;
        try (OnnxDigitsRunner runner = new OnnxDigitsRunner(onnx, 1)) {
            ort = runner.probabilities(holdout, 0, CHECK);
        }
        DigitsCnnTrainer.ExportCheck check = DigitsCnnTrainer.ExportCheck.compare(djl, ort, 10);

        assertThat(check.rows()).isEqualTo(CHECK);
        assertThat(check.maxAbsDiff()).isLessThan(1e-4);
        assertThat(check.top1Disagreements()).isZero();
        // and the network learned something, so the comparison is not between two flat outputs
        assertThat(DigitsMetrics.holdout(ort, holdout).get(DigitsMetrics.HOLDOUT_ACCURACY)).isGreaterThan(0.8);
        for (int i = 0; i < CHECK; i++) {
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                sum += ort[i * 10 + c];
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void graphHasTheServingContract() throws Exception {
        ModelProto m = ModelProto.parseFrom(onnx);

        assertThat(m.getIrVersion()).isEqualTo(8);
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(m.getProducerName()).isEqualTo("hindsight-trainer");
        assertThat(m.getProducerVersion()).isEqualTo("test");
        assertThat(m.getDocString()).contains("probabilities");
        assertThat(m.getGraph().getInputList()).hasSize(1);
        assertThat(m.getGraph().getInput(0).getName()).isEqualTo("input");
        List<TensorShapeProto.Dimension> in = m.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        assertThat(in.get(0).getDimParam()).isEqualTo("N");
        assertThat(in.subList(1, 4)).extracting(TensorShapeProto.Dimension::getDimValue).containsExactly(1L, 28L, 28L);
        assertThat(m.getGraph().getOutput(0).getName()).isEqualTo("probabilities");
        assertThat(m.getGraph().getOutput(0).getType().getTensorType().getShape().getDim(1).getDimValue()).isEqualTo(10);
        assertThat(m.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly(
                "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Softmax");
        assertThat(cnn.weights().parameterCount()).isEqualTo(184_586);
    }

    @Test
    void exportIsAPureFunctionOfTheWeights() {
        assertThat(OnnxCnnExport.export(cnn.weights(), "test", Map.of("hindsight.family", "cnn"))).isEqualTo(onnx);
    }
}
