package io.hindsight.contracts.digits;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import org.junit.jupiter.api.Test;

class MnistDigitsTest {

    @Test
    void theBundledSplitsHoldAllSeventyThousandDigits() {
        MnistDigits train = MnistDigits.train();
        MnistDigits holdout = MnistDigits.holdout();
        assertThat(train.count()).isEqualTo(60_000);
        assertThat(holdout.count()).isEqualTo(10_000);
        // The well-known first labels of each MNIST file.
        assertThat(train.label(0)).isEqualTo(5);
        assertThat(train.label(1)).isEqualTo(0);
        assertThat(holdout.label(0)).isEqualTo(7);
        assertThat(holdout.label(1)).isEqualTo(2);
        int[] perClass = new int[10];
        for (int i = 0; i < holdout.count(); i++) {
            perClass[holdout.label(i)]++;
        }
        assertThat(perClass).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    }

    @Test
    void aTrainingRecordRoundTripsItsPixels() throws Exception {
        MnistDigits holdout = MnistDigits.holdout();
        DigitExample e = DigitExample.of(holdout, MnistDigits.HOLDOUT, 0);
        assertThat(e.key()).isEqualTo("holdout-0");
        DigitExample back = Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(e), DigitExample.class);
        assertThat(back.image()).containsExactly(holdout.image(0));
        assertThat(DigitsWire.TRAINING.validate(Json.MAPPER.valueToTree(e))).isEmpty();
        float max = 0;
        for (float v : back.image()) {
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1.0f);
    }
}
