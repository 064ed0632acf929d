package io.hindsight.joiner;

/**
 * The label space of a classifier, for scoring, confusion counts and meter tags: classes are the indices
 * {@code 0..count-1} ({@code ModelOutput.value} and the feedback label are such an index). A predicted value
 * that is not one of them (NaN, 3.5, -1, 12: a broken model, not a wrong guess) is the one extra label
 * {@link #OTHER}, so confusion keys and meter tags stay bounded by {@code count x (count + 1)} per model
 * whatever a predictor writes. Immutable.
 */
record Classes(int count) {
    /** The label of a value outside the classes. */
    static final String OTHER = "other";

    Classes {
        if (count < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, was " + count);
        }
    }

    /** The class a value names: an exact integer in {@code [0, count)}, or {@code count} for {@link #OTHER}. */
    int indexOf(double value) {
        return value >= 0 && value < count && value == Math.rint(value) ? (int) value : count;
    }

    /** "0".."count-1", or {@link #OTHER} for {@code count}. */
    String label(int index) {
        return index >= 0 && index < count ? Integer.toString(index) : OTHER;
    }

    /** The RollingMetrics.confusion key of a pair: "truth&gt;predicted", e.g. "7&gt;1". */
    String confusionKey(int truth, int predicted) {
        return label(truth) + ">" + label(predicted);
    }

    /** Cells of a confusion matrix with an {@link #OTHER} row and column: {@code (count + 1)^2}. */
    int cells() {
        return (count + 1) * (count + 1);
    }

    /** The flat index of a (truth, predicted) cell, both in {@code [0, count]}. */
    int cell(int truth, int predicted) {
        return truth * (count + 1) + predicted;
    }

    /**
     * Upper bounds that put each class in its own predicted-histogram bucket ("0".."count-1"); a value
     * above the last class falls in +Inf (the histogram is of values: only {@link #indexOf} judges them).
     */
    double[] buckets() {
        double[] b = new double[count];
        for (int i = 0; i < count; i++) {
            b[i] = i;
        }
        return b;
    }

    /**
     * Prometheus histogram bounds for the same: Micrometer wants them above 0 and Prometheus buckets are
     * cumulative, so class k is {@code bucket(le = k + 0.5) - bucket(le = k - 0.5)}.
     */
    double[] meterBuckets() {
        double[] b = new double[count];
        for (int i = 0; i < count; i++) {
            b[i] = i + 0.5;
        }
        return b;
    }
}
