package io.hindsight.contracts.digits;

import java.util.List;

/**
 * Turns what a person drew into a digit the way MNIST digits look, for training and serving alike (the seed's
 * pipeline: dilate, centre by mass, blur). MNIST's own recipe: the ink is scaled so its longer side is 20 px,
 * anti-aliased, and placed in a 28x28 field so that its centre of mass is at the centre.
 *
 * <p>Input: a grayscale bitmap, row-major, values 0..1 with ink high (or strokes, rasterised first). Output:
 * 784 floats in 0..1, row-major 28x28, ink high, as the models take them (ONNX input 1x1x28x28).
 */
public final class DigitPreprocessing {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    /** MNIST fits the digit into a 20x20 box inside the 28x28 field. */
    static final int BOX = 20;
    /** Pixels at or below this count as paper when finding the ink's bounding box. */
    static final double INK = 0.1;
    static final double BLUR_SIGMA = 0.5;

    private DigitPreprocessing() {
    }

    /** Rasterises strokes on a width x height canvas with a round pen of the given width, then preprocesses. */
    public static float[] fromStrokes(List<Stroke> strokes, int width, int height, double penWidth) {
        return fromBitmap(rasterise(strokes, width, height, penWidth), width, height);
    }

    public static float[] fromBitmap(double[] pixels, int width, int height) {
        if (width < 1 || height < 1 || pixels.length != width * height) {
            throw new IllegalArgumentException("bitmap of " + pixels.length + " pixels is not " + width + "x" + height);
        }
        double[] ink = dilate(clamp(pixels), width, height);
        int[] box = boundingBox(ink, width, height);
        if (box == null) {
            return new float[PIXELS]; // nothing drawn
        }
        int bw = box[2] - box[0] + 1;
        int bh = box[3] - box[1] + 1;
        double scale = (double) BOX / Math.max(bw, bh);
        int sw = Math.max(1, (int) Math.round(bw * scale));
        int sh = Math.max(1, (int) Math.round(bh * scale));
        double[] scaled = resampleArea(ink, width, box, sw, sh);
        double[] field = placeByCentreOfMass(scaled, sw, sh);
        double[] blurred = blur(field, BLUR_SIGMA);
        return normalise(blurred);
    }

    static double[] rasterise(List<Stroke> strokes, int width, int height, double penWidth) {
        double[] out = new double[width * height];
        double r = Math.max(0.5, penWidth / 2);
        for (Stroke s : strokes) {
            List<Stroke.Point> p = s.points();
            for (int i = 0; i < p.size(); i++) {
                Stroke.Point a = p.get(i);
                Stroke.Point b = i + 1 < p.size() ? p.get(i + 1) : a;
                stamp(out, width, height, a, b, r);
            }
        }
        return out;
    }

    /** Inks every pixel within r of the segment a-b (a round pen). */
    private static void stamp(double[] out, int width, int height, Stroke.Point a, Stroke.Point b, double r) {
        int x0 = (int) Math.floor(Math.min(a.x(), b.x()) - r);
        int x1 = (int) Math.ceil(Math.max(a.x(), b.x()) + r);
        int y0 = (int) Math.floor(Math.min(a.y(), b.y()) - r);
        int y1 = (int) Math.ceil(Math.max(a.y(), b.y()) + r);
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double len2 = dx * dx + dy * dy;
        for (int y = Math.max(0, y0); y <= Math.min(height - 1, y1); y++) {
            for (int x = Math.max(0, x0); x <= Math.min(width - 1, x1); x++) {
                double px = x + 0.5;
                double py = y + 0.5;
                double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x()) * dx + (py - a.y()) * dy) / len2));
                double cx = a.x() + t * dx - px;
                double cy = a.y() + t * dy - py;
                if (cx * cx + cy * cy <= r * r) {
                    out[y * width + x] = 1.0;
                }
            }
        }
    }

    private static double[] clamp(double[] pixels) {
        double[] out = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            double v = pixels[i];
            out[i] = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
        }
        return out;
    }

    /** 3x3 max filter: thin mouse strokes get the body of a pen stroke, as in the seed's pipeline. */
    static double[] dilate(double[] in, int width, int height) {
        double[] out = new double[in.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double m = 0;
                for (int j = Math.max(0, y - 1); j <= Math.min(height - 1, y + 1); j++) {
                    for (int i = Math.max(0, x - 1); i <= Math.min(width - 1, x + 1); i++) {
                        m = Math.max(m, in[j * width + i]);
                    }
                }
                out[y * width + x] = m;
            }
        }
        return out;
    }

    /** {minX, minY, maxX, maxY} of the ink, or null when there is none. */
    static int[] boundingBox(double[] ink, int width, int height) {
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (ink[y * width + x] > INK) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX, maxY};
    }

    /** Area-averaging resample of the box to sw x sh: each target pixel is the mean of the source area it covers. */
    static double[] resampleArea(double[] src, int width, int[] box, int sw, int sh) {
        double bw = box[2] - box[0] + 1;
        double bh = box[3] - box[1] + 1;
        double[] out = new double[sw * sh];
        for (int ty = 0; ty < sh; ty++) {
            double sy0 = box[1] + ty * bh / sh;
            double sy1 = box[1] + (ty + 1) * bh / sh;
            for (int tx = 0; tx < sw; tx++) {
                double sx0 = box[0] + tx * bw / sw;
                double sx1 = box[0] + (tx + 1) * bw / sw;
                double sum = 0;
                double area = 0;
                for (int y = (int) Math.floor(sy0); y < Math.ceil(sy1); y++) {
                    double wy = Math.min(sy1, y + 1) - Math.max(sy0, y);
                    for (int x = (int) Math.floor(sx0); x < Math.ceil(sx1); x++) {
                        double wx = Math.min(sx1, x + 1) - Math.max(sx0, x);
                        sum += src[y * width + x] * wx * wy;
                        area += wx * wy;
                    }
                }
                out[ty * sw + tx] = area == 0 ? 0 : sum / area;
            }
        }
        return out;
    }

    /** Puts the sw x sh patch in the 28x28 field so that its centre of mass lands on the field's centre. */
    static double[] placeByCentreOfMass(double[] patch, int sw, int sh) {
        double mass = 0, mx = 0, my = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                double v = patch[y * sw + x];
                mass += v;
                mx += v * (x + 0.5);
                my += v * (y + 0.5);
            }
        }
        double cx = mass == 0 ? sw / 2.0 : mx / mass;
        double cy = mass == 0 ? sh / 2.0 : my / mass;
        int offX = (int) Math.round(SIDE / 2.0 - cx);
        int offY = (int) Math.round(SIDE / 2.0 - cy);
        double[] field = new double[PIXELS];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int fx = x + offX;
                int fy = y + offY;
                if (fx >= 0 && fx < SIDE && fy >= 0 && fy < SIDE) {
                    field[fy * SIDE + fx] = patch[y * sw + x];
                }
            }
        }
        return field;
    }

    /** Separable Gaussian blur on the 28x28 field: softens the edges the way MNIST's anti-aliasing does. */
    static double[] blur(double[] field, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double ks = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
            ks += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= ks;
        }
        double[] tmp = new double[PIXELS];
        double[] out = new double[PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    int xx = x + i;
                    if (xx >= 0 && xx < SIDE) {
                        s += k[i + r] * field[y * SIDE + xx];
                    }
                }
                tmp[y * SIDE + x] = s;
            }
        }
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    int yy = y + i;
                    if (yy >= 0 && yy < SIDE) {
                        s += k[i + r] * tmp[yy * SIDE + x];
                    }
                }
                out[y * SIDE + x] = s;
            }
        }
        return out;
    }

    private static float[] normalise(double[] field) {
        double max = 0;
        for (double v : field) {
            max = Math.max(max, v);
        }
        float[] out = new float[PIXELS];
        if (max == 0) {
            return out;
        }
        for (int i = 0; i < PIXELS; i++) {
            out[i] = (float) (field[i] / max);
        }
        return out;
    }
}
