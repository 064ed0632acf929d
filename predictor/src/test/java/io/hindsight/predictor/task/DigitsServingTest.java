package io.hindsight.predictor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.schema.Parsed;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class DigitsServingTest {
    private final TaskServing digits = TaskServing.of(Task.DIGITS);

    private Parsed<ServingInput> parse(String json) {
        return digits.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void strokesBecomeAPreprocessedMnistRowAndTheDraftFlagIsKept() {
        Parsed<ServingInput> p = parse("{\"id\":\"d1.3\",\"draft\":true,\"strokes\":{\"width\":280,\"height\":280,"
                + "\"lines\":[[[140,40],[140,240]]]}}");
        assertThat(p.isOk()).as(p.reason()).isTrue();
        assertThat(p.value().id()).isEqualTo("d1.3");
        assertThat(p.value().draft()).isTrue();
        assertThat(p.value().features()).hasSize(784);
        assertThat(p.value().features()[14 * 28 + 14]).isGreaterThan(0.3);
    }

    @Test
    void aBitmapWhoseDataIsNotWidthTimesHeightIsRefusedNamingTheField() {
        String data = String.join(",", Collections.nCopies(100, "0"));
        Parsed<ServingInput> p = parse("{\"id\":1,\"bitmap\":{\"width\":28,\"height\":28,\"data\":[" + data + "]}}");
        assertThat(p.isOk()).isFalse();
        assertThat(p.reason()).startsWith("bitmap: ");
    }

    @Test
    void aRequestThatIsNotJsonIsRefused() {
        assertThat(parse("{not json").isOk()).isFalse();
        assertThat(digits.classes()).isEqualTo(10);
        assertThat(digits.featureNames()).hasSize(784).startsWith("p000");
    }
}
