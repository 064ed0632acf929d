package io.hindsight.simulator;

import io.hindsight.contracts.digits.DigitPreprocessing;

/**
 * A 28x28 digit drawn on a 56x56 canvas the way a person's drawing arrives: twice the size (bilinear), and not
 * where MNIST puts it but moved by a share of the room the ink leaves on each side, so that the server's
 * preprocessing has to find, scale and centre it again. Values 0 (paper) .. 1 (ink), row-major.
 */
final class DigitCanvas {
    static final int SCALE = 2;
    static final int SIDE = DigitPreprocessing.SIDE * SCALE;

    private DigitCanvas() {
    }

    /**
     * @param image  784 values 0..1, row-major 28x28
     * @param shiftX -1 (ink against the left edge) .. 0 (where it is) .. 1 (against the right edge)
     * @param shiftY likewise, up .. down
     */
    static double[] draw(float[] image, double shiftX, double shiftY) {
        if (image.length != DigitPreprocessing.PIXELS) {
            throw new IllegalArgumentException("a digit has 784 pixels, not " + image.length);
        }
        double[] big = upscale(image);
        int[] box = inkBox(big);
        if (box == null) {
            return big;
        }
        int dx = offset(shiftX, box[0], SIDE - 1 - box[2]);
        int dy = offset(shiftY, box[1], SIDE - 1 - box[3]);
        double[] out = new double[SIDE * SIDE];
        for (int y = box[1]; y <= box[3]; y++) {
            for (int x = box[0]; x <= box[2]; x++) {
                out[(y + dy) * SIDE + x + dx] = big[y * SIDE + x];
            }
        }
        return out;
    }

    /** Bilinear 2x: each canvas pixel samples the digit at its centre mapped back onto the 28x28 grid. */
    static double[] upscale(float[] image) {
        int n = DigitPreprocessing.SIDE;
        double[] out = new double[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            double sy = Math.max(0, Math.min(n - 1, (y + 0.5) / SCALE - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(n - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < SIDE; x++) {
                double sx = Math.max(0, Math.min(n - 1, (x + 0.5) / SCALE - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(n - 1, x0 + 1);
                double fx = sx - x0;
                double top = image[y0 * n + x0] * (1 - fx) + image[y0 * n + x1] * fx;
                double bottom = image[y1 * n + x0] * (1 - fx) + image[y1 * n + x1] * fx;
                out[y * SIDE + x] = top * (1 - fy) + bottom * fy;
            }
        }
        return out;
    }

    /** {minX, minY, maxX, maxY} of every pixel with any ink, or null for a blank canvas. */
    static int[] inkBox(double[] canvas) {
        int minX = SIDE, minY = SIDE, maxX = -1, maxY = -1;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (canvas[y * SIDE + x] > 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX, maxY};
    }

    private static int offset(double share, int roomBefore, int roomAfter) {
        double s = Math.max(-1, Math.min(1, share));
        return s < 0 ? -(int) Math.round(-s * roomBefore) : (int) Math.round(s * roomAfter);
    }
}
