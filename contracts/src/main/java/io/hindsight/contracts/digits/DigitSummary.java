package io.hindsight.contracts.digits;

import java.util.List;

/**
 * Summary features of a 28x28 model input, for drift monitoring: the trainer records their training
 * distribution with the model and the drift monitor compares live requests with it, both through
 * {@link #of(float[])}. Pixels are 0..1, ink high (what {@link DigitsRequest#toModelInput()} and
 * {@link MnistDigits#image(int)} give).
 * <ul>
 *   <li>{@code ink}: the sum of all pixel values (thicker or bigger digits have more);</li>
 *   <li>{@code width}, {@code height}: the bounding box of pixels above {@value #INK} in pixels (0 for a blank);</li>
 *   <li>{@code centreX}, {@code centreY}: the ink's centre of mass in pixel units (14 for a blank).</li>
 * </ul>
 */
public final class DigitSummary {
    public static final List<String> NAMES = List.of("ink", "width", "height", "centreX", "centreY");
    /** Pixels above this count as ink for the bounding box. */
    public static final double INK = 0.2;

    private DigitSummary() {
    }

    /** The features in {@link #NAMES} order. */
    public static double[] of(float[] image) {
        if (image.length != DigitPreprocessing.PIXELS) {
            throw new IllegalArgumentException("a digit has 784 pixels, not " + image.length);
        }
        int side = DigitPreprocessing.SIDE;
        double mass = 0;
        double mx = 0;
        double my = 0;
        int minX = side;
        int minY = side;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double v = image[y * side + x];
                mass += v;
                mx += v * (x + 0.5);
                my += v * (y + 0.5);
                if (v > INK) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        double width = maxX < 0 ? 0 : maxX - minX + 1;
        double height = maxY < 0 ? 0 : maxY - minY + 1;
        double cx = mass == 0 ? side / 2.0 : mx / mass;
        double cy = mass == 0 ? side / 2.0 : my / mass;
        return new double[] {mass, width, height, cx, cy};
    }
}
