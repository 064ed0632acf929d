package io.hindsight.contracts.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training-data distribution of one numeric feature, stored with the model version it was trained for
 * and compared with live requests by the drift monitor.
 *
 * <p>Bins: {@code edges} are the interior cut points e1 &lt; e2 &lt; ... (ascending, distinct); bin 0 holds
 * v &lt;= e1, bin i holds e(i) &lt; v &lt;= e(i+1), the last bin v &gt; e(last). There are
 * {@code edges.size() + 1} bins and as many {@code proportions} (the share of training rows in each bin,
 * summing to 1). Edges are the training data's quantiles; ties (a discrete feature such as Sex or Duration)
 * merge bins, so a feature may have fewer bins than asked for and unequal proportions.
 *
 * @param count the number of training rows the histogram was built from (the reference sample size of KS)
 */
public record FeatureReference(List<Double> edges, List<Double> proportions, long count) {
    public FeatureReference {
        edges = edges == null ? List.of() : List.copyOf(edges);
        proportions = proportions == null ? List.of() : List.copyOf(proportions);
        if (proportions.size() != edges.size() + 1) {
            throw new IllegalArgumentException(edges.size() + " edges need " + (edges.size() + 1) + " proportions, not "
                    + proportions.size());
        }
    }

    /** Quantile bins of {@code values} (NaN ignored): at most {@code bins} bins, fewer where values tie. */
    public static FeatureReference fit(double[] values, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("at least 2 bins, not " + bins);
        }
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values to build a reference from");
        }
        List<Double> edges = new ArrayList<>();
        for (int q = 1; q < bins; q++) {
            // the value below which a share q/bins of the data lies (lower empirical quantile)
            double e = sorted[Math.min(sorted.length - 1, (int) Math.ceil((double) q * sorted.length / bins) - 1)];
            if (e < sorted[sorted.length - 1] && (edges.isEmpty() || e > edges.get(edges.size() - 1))) {
                edges.add(e);
            }
        }
        long[] counts = new long[edges.size() + 1];
        FeatureReference shape = new FeatureReference(edges, new ArrayList<>(java.util.Collections.nCopies(edges.size() + 1, 0.0)), 0);
        for (double v : sorted) {
            counts[shape.bin(v)]++;
        }
        List<Double> proportions = new ArrayList<>(counts.length);
        for (long c : counts) {
            proportions.add((double) c / sorted.length);
        }
        return new FeatureReference(edges, proportions, sorted.length);
    }

    public int bins() {
        return proportions.size();
    }

    /** The bin a value falls in (see the class comment); NaN falls in the last bin. */
    public int bin(double v) {
        int lo = 0;
        int hi = edges.size(); // answer in [0, edges.size()]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v <= edges.get(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
