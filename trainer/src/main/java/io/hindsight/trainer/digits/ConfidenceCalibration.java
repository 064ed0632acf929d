package io.hindsight.trainer.digits;

import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.drift.PerformanceReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The CBPE calibration of a classifier, fitted on held-out outputs (as NannyML calibrates on reference data
 * before estimating): isotonic regression of "the predicted class was right" (0/1) on the top-class probability,
 * by pool-adjacent-violators, stored as the step function of {@link PerformanceReference}. An over-confident
 * model's 0.99 becomes the share of held-out outputs near 0.99 that were right.
 */
public final class ConfidenceCalibration {
    /** At most this many steps: enough for a smooth curve, small on the {@code models} topic. */
    public static final int MAX_STEPS = 64;

    private ConfidenceCalibration() {
    }

    /** From row-major [n, 10] class probabilities of digits 0..n-1 of {@code truth}. */
    public static PerformanceReference fit(float[] probabilities, MnistDigits truth) {
        int k = DigitsWire.CLASSES;
        int n = probabilities.length / k;
        double[] confidence = new double[n];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            int predicted = DigitsMetrics.argmax(probabilities, i * k, k);
            confidence[i] = probabilities[i * k + predicted];
            correct[i] = predicted == truth.label(i);
        }
        return fit(confidence, correct, MAX_STEPS);
    }

    /** Isotonic fit of {@code correct} on {@code confidence}, at most {@code maxSteps} steps. */
    public static PerformanceReference fit(double[] confidence, boolean[] correct, int maxSteps) {
        if (confidence.length != correct.length || confidence.length == 0) {
            throw new IllegalArgumentException("need as many outcomes as confidences, and at least one");
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be >= 1");
        }
        List<Block> blocks = pav(confidence, correct);
        while (blocks.size() > maxSteps) {
            // merging neighbours of a non-decreasing sequence keeps it non-decreasing: merge the lightest pair
            int best = 0;
            for (int i = 1; i < blocks.size() - 1; i++) {
                if (blocks.get(i).weight + blocks.get(i + 1).weight < blocks.get(best).weight + blocks.get(best + 1).weight) {
                    best = i;
                }
            }
            blocks.set(best, blocks.get(best).merge(blocks.remove(best + 1)));
        }
        List<Double> edges = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (i < blocks.size() - 1) {
                edges.add(blocks.get(i).maxConfidence);
            }
            accuracy.add(blocks.get(i).mean());
        }
        return PerformanceReference.calibration(edges, accuracy, confidence.length);
    }

    /**
     * Pool adjacent violators: outputs sorted by confidence (ties one block), each block's mean outcome; a block
     * whose mean is not above its left neighbour's is pooled with it, until the means strictly increase.
     */
    static List<Block> pav(double[] confidence, boolean[] correct) {
        Integer[] order = new Integer[confidence.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> confidence[i]));
        List<Block> stack = new ArrayList<>();
        for (int idx : order) {
            Block b = new Block(correct[idx] ? 1 : 0, 1, confidence[idx]);
            Block top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
            if (top != null && top.maxConfidence == b.maxConfidence) {
                b = stack.remove(stack.size() - 1).merge(b); // ties share one fitted value
            }
            while (!stack.isEmpty() && stack.get(stack.size() - 1).mean() >= b.mean()) {
                b = stack.remove(stack.size() - 1).merge(b);
            }
            stack.add(b);
        }
        return stack;
    }

    /** A run of outputs pooled to one fitted value: right answers, outputs, the highest confidence in it. */
    record Block(double right, double weight, double maxConfidence) {
        double mean() {
            return right / weight;
        }

        Block merge(Block later) {
            return new Block(right + later.right, weight + later.weight, Math.max(maxConfidence, later.maxConfidence));
        }
    }
}
