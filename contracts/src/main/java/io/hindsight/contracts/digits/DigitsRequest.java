package io.hindsight.contracts.digits;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One digit to guess: the value on {@code digits.requests}. Exactly one of three inputs is set (the schema
 * enforces it):
 * <ul>
 *   <li>{@code pixels}: 784 values in 0..1, already an MNIST digit (row-major 28x28, ink high); used as is.</li>
 *   <li>{@code bitmap}: what a canvas holds, any size, values 0..1 with ink high; preprocessed.</li>
 *   <li>{@code strokes}: pen strokes on a canvas; rasterised, then preprocessed.</li>
 * </ul>
 * Preprocessing is {@link DigitPreprocessing}, the same code the trainer uses. {@code draft} marks a live
 * guess while the person is still drawing: predicted and answered, never scored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: the schema allows exactly one input
public record DigitsRequest(String id, double[] pixels, Bitmap bitmap, Strokes strokes, Boolean draft) {

    public boolean isDraft() {
        return Boolean.TRUE.equals(draft);
    }

    /** A canvas bitmap: {@code data} is row-major, {@code width * height} values in 0..1. */
    public record Bitmap(int width, int height, double[] data) {
    }

    /**
     * Pen strokes on a canvas of {@code width} x {@code height}; each line is a list of [x, y] points.
     *
     * @param pen the pen's width in canvas pixels; null for a width proportional to the canvas
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Strokes(int width, int height, Double pen, List<List<double[]>> lines) {
        public List<Stroke> toStrokes() {
            return lines.stream()
                    .map(line -> new Stroke(line.stream().map(p -> new Stroke.Point(p[0], p[1])).toList()))
                    .toList();
        }

        public double penOrDefault() {
            return pen != null ? pen : Math.max(1.0, Math.min(width, height) / 14.0);
        }
    }

    public static DigitsRequest ofPixels(String id, float[] pixels) {
        return new DigitsRequest(id, MnistDigits.widen(pixels), null, null, null);
    }

    /** The model input: 784 floats, row-major 28x28, 0..1, ink high. */
    public float[] toModelInput() {
        if (pixels != null) {
            if (pixels.length != DigitPreprocessing.PIXELS) {
                throw new IllegalArgumentException("pixels must hold 784 values, not " + pixels.length);
            }
            float[] out = new float[pixels.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) pixels[i];
            }
            return out;
        }
        if (bitmap != null) {
            return DigitPreprocessing.fromBitmap(bitmap.data(), bitmap.width(), bitmap.height());
        }
        if (strokes != null) {
            return DigitPreprocessing.fromStrokes(strokes.toStrokes(), strokes.width(), strokes.height(), strokes.penOrDefault());
        }
        throw new IllegalArgumentException("a digits request needs pixels, bitmap or strokes");
    }
}
