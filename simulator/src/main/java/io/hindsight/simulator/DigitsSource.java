package io.hindsight.simulator;

import io.hindsight.contracts.digits.MnistDigits;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The held-out MNIST digits in a seeded order: a shuffle of all of them, each once, then the end of the run, or
 * with {@code loop} another pass in a fresh order. Each digit comes with the label its feedback will carry,
 * which for a share of them is a wrong one (a person mis-clicking), and where on the canvas it is drawn when
 * sent as a bitmap. Three random streams of the seed pick the order, the wrong labels and the shifts, so the
 * same options give the same run and a larger wrong-label share keeps every digit a smaller one mislabelled.
 * Thread-safe.
 */
final class DigitsSource implements RecordSource<DigitsSource.Digit> {

    /**
     * One digit to send.
     *
     * @param index          its index in the hold-out set
     * @param label          its true label
     * @param feedbackLabel  the label its feedback carries: the true one, or for the mislabelled share another
     * @param shiftX         where it goes on a canvas, -1 (as far left as the ink allows) .. 1 (as far right)
     * @param shiftY         likewise, -1 up .. 1 down
     */
    record Digit(int index, int label, int feedbackLabel, double shiftX, double shiftY) {
        boolean mislabelled() {
            return feedbackLabel != label;
        }
    }

    private static final long LABEL_STREAM = 0x6C6162656C73L;
    private static final long SHIFT_STREAM = 0x7368696674L;

    private final MnistDigits digits;
    private final long seed;
    private final boolean loop;
    private final double wrongLabelShare;
    private final SplittableRandom orderRandom;
    private final SplittableRandom labelRandom;
    private final SplittableRandom shiftRandom;
    private final int[] order;
    private int at;

    /** @param wrongLabelShare the share of digits whose feedback gets a random wrong label, 0..1 */
    DigitsSource(MnistDigits digits, long seed, boolean loop, double wrongLabelShare) {
        if (!(wrongLabelShare >= 0 && wrongLabelShare <= 1)) {
            throw new IllegalArgumentException("the wrong-label share must be between 0 and 1, got " + wrongLabelShare);
        }
        if (digits.count() == 0) {
            throw new IllegalArgumentException("no digits to send");
        }
        this.digits = digits;
        this.seed = seed;
        this.loop = loop;
        this.wrongLabelShare = wrongLabelShare;
        this.orderRandom = new SplittableRandom(seed);
        this.labelRandom = new SplittableRandom(seed ^ LABEL_STREAM);
        this.shiftRandom = new SplittableRandom(seed ^ SHIFT_STREAM);
        this.order = new int[digits.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle();
    }

    /** The MNIST hold-out set bundled in the contracts jar. */
    static DigitsSource holdout(long seed, boolean loop, double wrongLabelShare) {
        return new DigitsSource(MnistDigits.holdout(), seed, loop, wrongLabelShare);
    }

    MnistDigits digits() {
        return digits;
    }

    @Override
    public synchronized Digit next() {
        if (at == order.length) {
            if (!loop) {
                return null;
            }
            shuffle();
        }
        int index = order[at++];
        int label = digits.label(index);
        // both draws every time: the mislabelled digits do not depend on the share, only how many of them
        boolean wrong = labelRandom.nextDouble() < wrongLabelShare;
        int other = (label + 1 + labelRandom.nextInt(9)) % 10;
        double shiftX = shiftRandom.nextDouble(-1, 1);
        double shiftY = shiftRandom.nextDouble(-1, 1);
        return new Digit(index, label, wrong ? other : label, shiftX, shiftY);
    }

    /** Fisher-Yates over the whole set, from the order stream. */
    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = orderRandom.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        at = 0;
    }

    @Override
    public boolean hasTruth() {
        return true;
    }

    @Override
    public String describe() {
        return "MNIST hold-out (" + digits.source() + ", " + digits.count() + " digits) in seed-" + seed + " order"
                + (loop ? ", looping" : "")
                + (wrongLabelShare > 0 ? ", " + String.format(Locale.ROOT, "%.0f%%", wrongLabelShare * 100) + " wrong labels" : "");
    }
}
