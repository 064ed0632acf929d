package io.hindsight.predictor.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.predictor.task.TaskServing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelLoaderDigitsTest {
    private static final ModelLoader LOADER = new ModelLoader(TaskServing.of(Task.DIGITS), 1);
    private static final TinyOnnx TINY = new TinyOnnx(42L);
    private static List<double[]> digits;

    @BeforeAll
    static void someRealDigits() {
        digits = MnistDigits.holdout().rows(64);
    }

    private static ModelVersion meta(byte[] bytes, String task) {
        return new ModelVersion("digits-tiny-1", task, "tiny", 0L, ModelVersion.ONNX, Sha256.hex(bytes), bytes.length,
                List.of(), Map.of(), Map.of(), List.of(), "test");
    }

    @Test
    void anOnnxClassifierAnswersWhatItsGraphComputesInOneBatch() throws Exception {
        byte[] bytes = TINY.model(true, -1, 10);
        try (ServableModel model = LOADER.load(meta(bytes, "digits"), bytes)) {
            List<RawOutput> out = model.predict(digits);
            assertThat(out).hasSize(digits.size());
            for (int i = 0; i < digits.size(); i++) {
                double[] expected = TINY.probabilities(digits.get(i));
                RawOutput o = out.get(i);
                assertThat(o.scores()).hasSize(10);
                for (int c = 0; c < 10; c++) {
                    assertThat(o.scores()[c]).isCloseTo(expected[c], within(1e-5));
                }
                assertThat(o.value()).isEqualTo(RawOutput.ofScores(expected).value());
            }
        }
    }

    @Test
    void logitsAreTurnedIntoProbabilitiesAndAFixedBatchOfOneStillServesABatch() throws Exception {
        byte[] bytes = TINY.model(false, 1, 10); // no Softmax, input [1,1,28,28]
        try (ServableModel model = LOADER.load(meta(bytes, "digits"), bytes)) {
            List<RawOutput> out = model.predict(digits.subList(0, 5));
            assertThat(out).hasSize(5);
            for (int i = 0; i < 5; i++) {
                double sum = 0;
                for (double s : out.get(i).scores()) {
                    sum += s;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-6));
                assertThat(out.get(i).scores()[3]).isCloseTo(TINY.probabilities(digits.get(i))[3], within(1e-5));
            }
        }
    }

    @Test
    void refusesModelsItCannotServe() {
        byte[] nineClasses = TINY.model(true, -1, 9);
        assertThatThrownBy(() -> LOADER.load(meta(nineClasses, "digits"), nineClasses))
                .hasMessageContaining("output");
        byte[] ok = TINY.model(true, -1, 10);
        assertThatThrownBy(() -> LOADER.load(meta(ok, "calories"), ok)).hasMessageContaining("task calories");
        ModelVersion wrongSha = new ModelVersion("v", "digits", "tiny", 0L, ModelVersion.ONNX, Sha256.hex(new byte[1]), 1,
                List.of(), Map.of(), Map.of(), List.of(), "test");
        assertThatThrownBy(() -> LOADER.load(wrongSha, ok)).hasMessageContaining("sha256");
        byte[] garbage = "not a model".getBytes();
        assertThatThrownBy(() -> LOADER.load(meta(garbage, "digits"), garbage)).isInstanceOf(Exception.class);
        ModelLoader calories = new ModelLoader(TaskServing.of(Task.CALORIES), 1);
        ModelVersion onnxForCalories = new ModelVersion("v", "calories", "tiny", 0L, ModelVersion.ONNX, Sha256.hex(ok),
                ok.length, List.of(), Map.of(), Map.of(), List.of(), "test");
        assertThatThrownBy(() -> calories.load(onnxForCalories, ok)).hasMessageContaining("serves no ONNX");
    }
}
