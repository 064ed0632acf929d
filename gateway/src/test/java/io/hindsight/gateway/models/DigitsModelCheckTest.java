package io.hindsight.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The model check on its own: what it reports for good models, and the reason it gives for each hostile one. */
class DigitsModelCheckTest {
    final DigitsModelCheck check = new DigitsModelCheck();

    @Test
    void aGoodModelIsReportedWithItsShapesOpsetAndAccuracyOnHoldOutDigits() throws Exception {
        DigitsModelCheck.Report r = check.check(TestOnnx.valid());
        assertThat(r.inputName()).isEqualTo("input");
        assertThat(r.inputShape()).containsExactly(-1L, 1L, 28L, 28L);
        assertThat(r.outputShape()).containsExactly(-1L, 10L);
        assertThat(r.opsets()).containsEntry("", 13L);
        assertThat(r.irVersion()).isEqualTo(8);
        assertThat(r.producer()).isEqualTo("hindsight-test");
        assertThat(r.ops()).containsEntry("Gemm", 1).containsEntry("Softmax", 1);
        assertThat(r.outputKind()).isEqualTo("probabilities");
        assertThat(r.samples()).isEqualTo(200);
        assertThat(r.sampleAccuracy()).as("nearest class mean on MNIST").isBetween(0.6, 1.0);
    }

    @Test
    void aModelTakingOneDigitAtATimeAndAnsweringLogitsIsAccepted() throws Exception {
        DigitsModelCheck.Report r = check.check(TestOnnx.logits());
        assertThat(r.inputShape()).containsExactly(1L, 1L, 28L, 28L);
        assertThat(r.outputKind()).isEqualTo("logits");
        assertThat(r.sampleAccuracy()).isGreaterThan(0.6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.hindsight.gateway.models.HostileModels#all")
    void hostileFilesAreRefusedWithAReason(String name, Supplier<byte[]> bytes, String reason) {
        assertThatThrownBy(() -> check.check(bytes.get())).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void onnxRuntimeMessagesLoseTheirSourcePaths() {
        String m = DigitsModelCheck.ortMessage(new ai.onnxruntime.OrtException("Error code - ORT_FAIL - message: "
                + "/onnxruntime_src/onnxruntime/core/graph/model.cc:181 onnxruntime::Model::Model(onnx::ModelProto&&, "
                + "const onnxruntime::ModelOptions&) Unsupported model IR version: 12, max supported IR version: 11"));
        assertThat(m).isEqualTo("Unsupported model IR version: 12, max supported IR version: 11");
    }
}
