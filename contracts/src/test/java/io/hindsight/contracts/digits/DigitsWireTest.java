package io.hindsight.contracts.digits;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.schema.Parsed;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigitsWireTest {

    private static Parsed<DigitsRequest> read(String json) {
        return DigitsWire.REQUEST.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String zeros(int n) {
        return String.join(",", Collections.nCopies(n, "0"));
    }

    @Test
    void mnistPixelsAreUsedAsTheyAre() {
        String pixels = "[" + zeros(783) + ",0.5]";
        Parsed<DigitsRequest> p = read("{\"id\":7,\"pixels\":" + pixels + "}");
        assertThat(p.isOk()).as(p.reason()).isTrue();
        assertThat(p.value().id()).isEqualTo("7");
        float[] in = p.value().toModelInput();
        assertThat(in).hasSize(784);
        assertThat(in[783]).isEqualTo(0.5f);
    }

    @Test
    void aCanvasBitmapIsPreprocessedIntoAnMnistField() {
        double[] canvas = new double[56 * 56];
        for (int y = 10; y < 46; y++) {
            canvas[y * 56 + 20] = 1.0; // a vertical bar: a "1"
        }
        String data = Arrays.toString(canvas);
        Parsed<DigitsRequest> p = read("{\"id\":\"a\",\"bitmap\":{\"width\":56,\"height\":56,\"data\":" + data + "}}");
        assertThat(p.isOk()).as(p.reason()).isTrue();
        float[] in = p.value().toModelInput();
        float sum = 0;
        for (float v : in) {
            sum += v;
        }
        assertThat(sum).isGreaterThan(5f);
        assertThat(in[14 * 28 + 14]).as("centred by mass").isGreaterThan(0.3f);
    }

    @Test
    void strokesAreRasterisedThenPreprocessed() {
        Parsed<DigitsRequest> p = read("{\"id\":\"s\",\"strokes\":{\"width\":280,\"height\":280,\"pen\":18,"
                + "\"lines\":[[[140,40],[140,240]]]}}");
        assertThat(p.isOk()).as(p.reason()).isTrue();
        assertThat(p.value().toModelInput()[14 * 28 + 14]).isGreaterThan(0.3f);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":1}",
        "{\"id\":1,\"pixels\":[0,0,0]}",
        "{\"id\":1,\"pixels\":[PIX],\"strokes\":{\"width\":28,\"height\":28,\"lines\":[[[1,1]]]}}",
        "{\"id\":1,\"bitmap\":{\"width\":4,\"height\":4,\"data\":[0]}}",
        "{\"id\":1,\"bitmap\":{\"width\":9000,\"height\":8,\"data\":[0]}}",
        "{\"id\":1,\"strokes\":{\"width\":28,\"height\":28,\"lines\":[]}}",
        "{\"id\":1,\"strokes\":{\"width\":28,\"height\":28,\"lines\":[[[1,2,3]]]}}",
        "{\"id\":\"\",\"pixels\":[PIX]}"})
    void refusesMalformedRequestsWithAReason(String json) {
        Parsed<DigitsRequest> p = read(json.replace("PIX", zeros(784)));
        assertThat(p.isOk()).isFalse();
        assertThat(p.reason()).isNotBlank();
    }

    @Test
    void pixelsOutOfRangeNameTheField() {
        Parsed<DigitsRequest> p = read("{\"id\":1,\"pixels\":[" + zeros(783) + ",255]}");
        assertThat(p.isOk()).isFalse();
        assertThat(p.reason()).contains("pixels");
    }

    @Test
    void aRequestWrittenByJacksonIsValid() throws Exception {
        DigitsRequest r = DigitsRequest.ofPixels("x", new float[784]);
        Parsed<DigitsRequest> p = DigitsWire.REQUEST.read(io.hindsight.contracts.json.Json.MAPPER.writeValueAsBytes(r));
        assertThat(p.isOk()).as(p.reason()).isTrue();
    }

    @Test
    void feedbackIsALabelFromZeroToNine() {
        Parsed<DigitsFeedback> ok = DigitsWire.FEEDBACK.read("{\"id\":3,\"label\":9}".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.isOk()).isTrue();
        assertThat(ok.value()).isEqualTo(new DigitsFeedback("3", 9, null));
        assertThat(DigitsWire.FEEDBACK.read("{\"id\":3,\"label\":10}".getBytes(StandardCharsets.UTF_8)).isOk()).isFalse();
        assertThat(DigitsWire.FEEDBACK.read("{\"id\":3,\"label\":\"7\"}".getBytes(StandardCharsets.UTF_8)).isOk()).isFalse();
    }
}
