package io.hindsight.simulator;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.MnistDigits;

/**
 * Digits on the wire: a held-out digit out, as MNIST pixels or as a canvas bitmap; the answer judged against the
 * true label; the label (or, for the mislabelled share, a wrong one) back as feedback.
 */
final class DigitsWorkload implements Workload<DigitsSource.Digit> {

    /** How a digit is sent. */
    enum Input {
        /** {@code "pixels"}: the 784 MNIST values, used as is. */
        PIXELS,
        /** {@code "bitmap"}: a 56x56 canvas, the digit upscaled and shifted ({@link DigitCanvas}); preprocessed. */
        BITMAP
    }

    private final MnistDigits digits;
    private final Input input;

    DigitsWorkload(MnistDigits digits, Input input) {
        this.digits = digits;
        this.input = input;
    }

    @Override
    public Task task() {
        return Task.DIGITS;
    }

    @Override
    public String describe() {
        return input == Input.PIXELS ? ", sent as 28x28 pixels"
                : ", sent as " + DigitCanvas.SIDE + "x" + DigitCanvas.SIDE + " canvas bitmaps, shifted at random";
    }

    @Override
    public byte[] request(Object id, DigitsSource.Digit digit) {
        float[] image = digits.image(digit.index());
        if (input == Input.PIXELS) {
            return WireJson.digitsPixels(id, image);
        }
        return WireJson.digitsBitmap(id, DigitCanvas.SIDE, DigitCanvas.SIDE,
                DigitCanvas.draw(image, digit.shiftX(), digit.shiftY()));
    }

    @Override
    public boolean judgesAnswers() {
        return true;
    }

    @Override
    public Boolean judge(DigitsSource.Digit digit, byte[] answer) {
        int said = WireJson.answeredDigit(answer);
        return said < 0 ? null : said == digit.label();
    }

    @Override
    public boolean hasTruth(DigitsSource.Digit digit) {
        return true;
    }

    @Override
    public byte[] feedback(Object id, DigitsSource.Digit digit, long epochMillis) {
        return WireJson.digitsFeedback(id, digit.feedbackLabel(), epochMillis);
    }

    @Override
    public boolean mislabelled(DigitsSource.Digit digit) {
        return digit.mislabelled();
    }
}
