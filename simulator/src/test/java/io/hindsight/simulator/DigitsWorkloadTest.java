package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.hindsight.contracts.digits.DigitsFeedback;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.schema.Parsed;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What digits put on the wire, checked against the contracts' schemas and preprocessing; how answers are judged. */
class DigitsWorkloadTest {
    private static final MnistDigits HOLDOUT = MnistDigits.holdout();
    private static final DigitsWorkload PIXELS = new DigitsWorkload(HOLDOUT, DigitsWorkload.Input.PIXELS);
    private static final DigitsWorkload BITMAP = new DigitsWorkload(HOLDOUT, DigitsWorkload.Input.BITMAP);

    @Test
    void pixelRequestsMatchTheContractSchemaAndCarryTheDigitAsIs() {
        DigitsSource source = new DigitsSource(HOLDOUT, 7, false, 0);
        for (int i = 0; i < 50; i++) {
            DigitsSource.Digit d = source.next();
            Object id = i % 2 == 0 ? "run1-" + i : (Object) (1_795_000_000_000_000_000L + i);
            byte[] body = PIXELS.request(id, d);
            Parsed<DigitsRequest> parsed = DigitsWire.REQUEST.read(body);
            assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
            assertThat(parsed.value().bitmap()).isNull();
            assertThat(parsed.value().toModelInput()).isEqualTo(HOLDOUT.image(d.index()));
            JsonNode tree = Json.tree(body);
            assertThat(tree.propertyNames()).containsExactly("id", "pixels");
            assertThat(tree.get("id").isIntegralNumber()).isEqualTo(id instanceof Long);
        }
    }

    @Test
    void bitmapRequestsAreAShifted56x56CanvasThatPreprocessesBackToTheDigit() {
        DigitsSource source = new DigitsSource(HOLDOUT, 7, false, 0);
        double sum = 0;
        int n = 200;
        for (int i = 0; i < n; i++) {
            DigitsSource.Digit d = source.next();
            Parsed<DigitsRequest> parsed = DigitsWire.REQUEST.read(BITMAP.request("b-" + i, d));
            assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
            DigitsRequest.Bitmap bitmap = parsed.value().bitmap();
            assertThat(bitmap.width()).isEqualTo(56);
            assertThat(bitmap.height()).isEqualTo(56);
            assertThat(parsed.value().pixels()).isNull();
            sum += cosine(parsed.value().toModelInput(), HOLDOUT.image(d.index()));
        }
        // the server's preprocessing (dilate, crop, scale, centre, blur) finds the digit again wherever it was drawn
        assertThat(sum / n).isGreaterThan(0.8);
    }

    @Test
    void theCanvasMovesTheInkByAShareOfTheRoomItLeaves() {
        float[] image = HOLDOUT.image(0);
        int[] centred = DigitCanvas.inkBox(DigitCanvas.draw(image, 0, 0));
        assertThat(DigitCanvas.draw(image, 0, 0)).isEqualTo(DigitCanvas.upscale(image));
        int[] topLeft = DigitCanvas.inkBox(DigitCanvas.draw(image, -1, -1));
        int[] bottomRight = DigitCanvas.inkBox(DigitCanvas.draw(image, 1, 1));
        assertThat(topLeft[0]).isZero();
        assertThat(topLeft[1]).isZero();
        assertThat(bottomRight[2]).isEqualTo(55);
        assertThat(bottomRight[3]).isEqualTo(55);
        // same ink, moved
        assertThat(topLeft[2] - topLeft[0]).isEqualTo(centred[2] - centred[0]);
        assertThat(bottomRight[3] - bottomRight[1]).isEqualTo(centred[3] - centred[1]);
        double inkCentred = 0, inkMoved = 0;
        for (double v : DigitCanvas.draw(image, 0, 0)) {
            inkCentred += v;
        }
        for (double v : DigitCanvas.draw(image, 0.7, -0.4)) {
            inkMoved += v;
        }
        assertThat(inkMoved).isCloseTo(inkCentred, offset(1e-9));
    }

    @Test
    void feedbackCarriesTheChosenLabelAndMatchesTheContractSchema() {
        DigitsSource.Digit wrong = new DigitsSource.Digit(3, 4, 9, 0, 0);
        byte[] body = PIXELS.feedback("run1-3", wrong, 1_795_444_349_123L);
        Parsed<DigitsFeedback> parsed = DigitsWire.FEEDBACK.read(body);
        assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
        assertThat(parsed.value()).isEqualTo(new DigitsFeedback("run1-3", 9, 1_795_444_349.123));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"run1-3\",\"label\":9,\"ts\":1795444349.123}");
        assertThat(PIXELS.mislabelled(wrong)).isTrue();

        DigitsSource.Digit right = new DigitsSource.Digit(3, 4, 4, 0, 0);
        Parsed<DigitsFeedback> number = DigitsWire.FEEDBACK.read(PIXELS.feedback(42L, right, 1_000L));
        assertThat(number.isOk()).as(number.reason()).isTrue();
        assertThat(number.value().label()).isEqualTo(4);
        assertThat(PIXELS.mislabelled(right)).isFalse();
    }

    @Test
    void answersAreJudgedByTheDigitTheyName() {
        DigitsSource.Digit four = new DigitsSource.Digit(0, 4, 4, 0, 0);
        assertThat(PIXELS.judge(four, answer("{\"id\":\"a\",\"digit\":4,\"probabilities\":[0,0,0,0,1,0,0,0,0,0],"
                + "\"model\":{\"family\":\"cnn\",\"version\":\"v1\",\"alias\":\"champion\"},\"shadows\":[],\"replay\":false}"))).isTrue();
        assertThat(PIXELS.judge(four, answer("{\"id\":\"a\",\"digit\":7}"))).isFalse();
        assertThat(PIXELS.judge(four, null)).as("kafka gives no answer").isNull();
        assertThat(PIXELS.judge(four, answer("{\"id\":\"a\",\"digit\":\"4\"}"))).isNull();
        assertThat(PIXELS.judge(four, answer("{\"id\":\"a\",\"digit\":12}"))).isNull();
        assertThat(PIXELS.judge(four, answer("not json"))).isNull();
        assertThat(PIXELS.judgesAnswers()).isTrue();
        assertThat(new CaloriesWorkload().judgesAnswers()).isFalse();
    }

    private static byte[] answer(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
