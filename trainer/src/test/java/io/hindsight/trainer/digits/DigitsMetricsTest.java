package io.hindsight.trainer.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.digits.MnistDigits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigitsMetricsTest {

    @Test
    void accuracyLogLossAndPerClassAccuracy() {
        // three digits labelled 0, 1, 1; predictions 0 (p .8), 1 (p .6), 0 (p of the true class .3)
        MnistDigits truth = new MnistDigits("t", 3, new byte[3 * 784], new byte[] {0, 1, 1});
        float[] p = new float[30];
        p[0] = .8f; p[1] = .2f;
        p[10] = .4f; p[11] = .6f;
        p[20] = .7f; p[21] = .3f;

        Map<String, Double> m = DigitsMetrics.holdout(p, truth);

        assertThat(m.get("holdoutAccuracy")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(m.get("holdoutLogLoss")).isCloseTo(-(Math.log(.8) + Math.log(.6) + Math.log(.3)) / 3, within(1e-6));
        assertThat(m.get("holdoutAccuracy_0")).isEqualTo(1.0);
        assertThat(m.get("holdoutAccuracy_1")).isEqualTo(0.5);
        assertThat(m).doesNotContainKey("holdoutAccuracy_2"); // no 2 in the holdout: no score rather than NaN
        assertThat(m.get("holdoutCount")).isEqualTo(3.0);
    }
}
