package io.hindsight.trainer.digits;

import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.MnistDigits;
import java.util.Arrays;
import java.util.List;

/** Small slices of the bundled MNIST, loaded once per JVM, so unit tests train in seconds. */
final class TestDigits {
    static final MnistDigits TRAIN = MnistDigits.train();
    static final MnistDigits HOLDOUT = MnistDigits.holdout();

    private TestDigits() {
    }

    static MnistDigits first(MnistDigits d, int n) {
        return new MnistDigits(d.source() + " first " + n, n, Arrays.copyOf(d.pixels(), n * DigitPreprocessing.PIXELS),
                Arrays.copyOf(d.labels(), n));
    }

    /** A dataset of the first {@code train} train digits and the first {@code holdout} holdout digits; no ranges. */
    static DigitsDataset dataset(int train, int holdout) {
        return new DigitsDataset(first(TRAIN, train), first(HOLDOUT, holdout), "test:mnist first " + train + "+" + holdout,
                List.of(), 0, 0, 0);
    }
}
