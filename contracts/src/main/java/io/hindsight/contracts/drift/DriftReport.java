package io.hindsight.contracts.drift;

import java.util.List;

/**
 * The value on {@code drift}, keyed {@link #key(String, String, long)} ("task/feature/windowStart"): how one
 * feature's live requests in one window compare with the reference distribution recorded with the model
 * that served them (the task's Production version when the requests were read).
 *
 * <p>{@code psi} = sum over the reference bins of (live - ref) * ln(live / ref), shares floored at
 * {@link #PSI_FLOOR}. {@code ksD} is the two-sample Kolmogorov-Smirnov statistic evaluated at the reference
 * bin edges (the largest gap between the two cumulative shares there: a lower bound of the exact D), and
 * {@code ksPValue} its asymptotic p-value with the effective size n*m/(n+m). {@code drifted} is
 * {@code count >= minSamples && (psi > PSI_THRESHOLD || (ksPValue < KS_P_THRESHOLD && ksD > KS_D_THRESHOLD))}.
 *
 * @param referenceVersion the model version whose training data is the reference
 * @param liveCounts       requests per reference bin in this window
 * @param referenceProportions the reference's share per bin (copied so the record stands alone)
 */
public record DriftReport(String task, String feature, long windowStart, long windowEnd, String referenceVersion,
                          long count, long referenceCount, double psi, double ksD, double ksPValue, boolean drifted,
                          List<Double> edges, List<Long> liveCounts, List<Double> referenceProportions) {
    public static final double PSI_THRESHOLD = 0.2;
    public static final double KS_P_THRESHOLD = 0.001;
    public static final double KS_D_THRESHOLD = 0.1;
    public static final double PSI_FLOOR = 1e-4;

    public DriftReport {
        edges = edges == null ? List.of() : List.copyOf(edges);
        liveCounts = liveCounts == null ? List.of() : List.copyOf(liveCounts);
        referenceProportions = referenceProportions == null ? List.of() : List.copyOf(referenceProportions);
    }

    public String key() {
        return key(task, feature, windowStart);
    }

    public static String key(String task, String feature, long windowStart) {
        return task + "/" + feature + "/" + windowStart;
    }
}
