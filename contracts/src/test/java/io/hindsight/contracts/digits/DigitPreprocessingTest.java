package io.hindsight.contracts.digits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class DigitPreprocessingTest {
    private static final int CANVAS = 280;

    private static Stroke line(double x0, double y0, double x1, double y1) {
        return new Stroke(List.of(new Stroke.Point(x0, y0), new Stroke.Point(x1, y1)));
    }

    /** A "7": the bar, then the diagonal. */
    private static List<Stroke> seven(double dx, double dy, double size) {
        return List.of(line(dx, dy, dx + size, dy), line(dx + size, dy, dx + size * 0.4, dy + size * 1.4));
    }

    private static double[] centreOfMass(float[] p) {
        double m = 0, x = 0, y = 0;
        for (int i = 0; i < p.length; i++) {
            m += p[i];
            x += p[i] * (i % 28 + 0.5);
            y += p[i] * (i / 28 + 0.5);
        }
        return new double[] {x / m, y / m};
    }

    private static int[] inkExtent(float[] p) {
        int minX = 28, maxX = -1, minY = 28, maxY = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0.5f) {
                minX = Math.min(minX, i % 28);
                maxX = Math.max(maxX, i % 28);
                minY = Math.min(minY, i / 28);
                maxY = Math.max(maxY, i / 28);
            }
        }
        return new int[] {maxX - minX + 1, maxY - minY + 1};
    }

    @Test
    void nothingDrawnIsAnEmptyField() {
        float[] out = DigitPreprocessing.fromStrokes(List.of(), CANVAS, CANVAS, 16);
        assertThat(out).hasSize(784).containsOnly(0f);
    }

    @Test
    void theInkIsCentredByMassAndScaledToTheMnistBox() {
        float[] out = DigitPreprocessing.fromStrokes(seven(30, 20, 80), CANVAS, CANVAS, 14);
        double[] c = centreOfMass(out);
        assertThat(c[0]).isCloseTo(14.0, offset(0.75));
        assertThat(c[1]).isCloseTo(14.0, offset(0.75));
        int[] extent = inkExtent(out);
        assertThat(Math.max(extent[0], extent[1])).isBetween(19, 21); // longer side fills the 20 px box
        float max = 0;
        for (float v : out) {
            assertThat(v).isBetween(0f, 1f);
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void whereItWasDrawnDoesNotMatter() {
        float[] topLeft = DigitPreprocessing.fromStrokes(seven(20, 20, 90), CANVAS, CANVAS, 14);
        float[] bottomRight = DigitPreprocessing.fromStrokes(seven(150, 120, 90), CANVAS, CANVAS, 14);
        assertThat(bottomRight).containsExactly(topLeft, offset(1e-6f));
    }

    @Test
    void sizeMattersLittle() {
        float[] small = DigitPreprocessing.fromStrokes(seven(40, 40, 60), CANVAS, CANVAS, 12);
        float[] large = DigitPreprocessing.fromStrokes(seven(20, 10, 120), CANVAS, CANVAS, 24);
        double dot = 0, a = 0, b = 0;
        for (int i = 0; i < 784; i++) {
            dot += small[i] * large[i];
            a += small[i] * small[i];
            b += large[i] * large[i];
        }
        assertThat(dot / Math.sqrt(a * b)).isGreaterThan(0.9); // cosine similarity of the two 28x28 images
    }

    @Test
    void aWideShapeKeepsItsAspectRatio() {
        float[] out = DigitPreprocessing.fromStrokes(List.of(line(20, 140, 260, 140)), CANVAS, CANVAS, 20);
        int[] extent = inkExtent(out);
        assertThat(extent[0]).isBetween(19, 21);
        assertThat(extent[1]).isLessThanOrEqualTo(4);
    }

    @Test
    void aBitmapAlreadyLikeMnistStaysCentred() {
        double[] bitmap = new double[28 * 28];
        for (int y = 6; y < 22; y++) {
            bitmap[y * 28 + 13] = 1.0; // a "1": a vertical bar
            bitmap[y * 28 + 14] = 1.0;
        }
        float[] out = DigitPreprocessing.fromBitmap(bitmap, 28, 28);
        double[] c = centreOfMass(out);
        assertThat(c[0]).isCloseTo(14.0, offset(0.75));
        assertThat(c[1]).isCloseTo(14.0, offset(0.75));
        assertThat(inkExtent(out)[1]).isBetween(19, 21);
    }

    @Test
    void aBitmapOfTheWrongSizeIsRefused() {
        assertThatThrownBy(() -> DigitPreprocessing.fromBitmap(new double[10], 28, 28)).hasMessageContaining("28x28");
    }

    @Test
    void pinnedOutputForAFixedDrawing() {
        float[] out = DigitPreprocessing.fromStrokes(seven(30, 20, 80), CANVAS, CANVAS, 14);
        double sum = 0;
        for (float v : out) {
            sum += v;
        }
        // Pinned from this implementation: a change here changes what every model was trained on.
        assertThat(sum).isCloseTo(PINNED_SUM, offset(1e-3));
        assertThat(out[14 * 28 + 14]).isCloseTo(PINNED_CENTRE, offset(1e-4f));
    }

    static final double PINNED_SUM = 85.67360;
    static final float PINNED_CENTRE = 0.38542005f;
}
