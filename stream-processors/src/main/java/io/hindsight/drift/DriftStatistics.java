package io.hindsight.drift;

import io.hindsight.contracts.drift.DriftReport;
import java.util.List;

/** PSI and the binned two-sample Kolmogorov-Smirnov test of live counts against a reference histogram. */
final class DriftStatistics {
    private DriftStatistics() {
    }

    /** Population stability index: sum (live - ref) ln(live / ref) over the bins, shares floored at {@link DriftReport#PSI_FLOOR}. */
    static double psi(List<Double> reference, long[] live) {
        long n = total(live);
        if (n == 0) {
            return 0.0;
        }
        double psi = 0;
        for (int i = 0; i < live.length; i++) {
            double e = Math.max(reference.get(i), DriftReport.PSI_FLOOR);
            double a = Math.max((double) live[i] / n, DriftReport.PSI_FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /** The largest gap between the cumulative shares at the bin edges (the binned KS statistic D). */
    static double ksD(List<Double> reference, long[] live) {
        long n = total(live);
        if (n == 0) {
            return 0.0;
        }
        double fr = 0;
        double fl = 0;
        double d = 0;
        for (int i = 0; i < live.length - 1; i++) { // the last edge is +infinity, where both are 1
            fr += reference.get(i);
            fl += (double) live[i] / n;
            d = Math.max(d, Math.abs(fr - fl));
        }
        return d;
    }

    /** Asymptotic two-sample KS p-value of D for sample sizes n and m (Numerical Recipes' Q_KS with Stephens' correction). */
    static double ksPValue(double d, long n, long m) {
        if (n == 0 || m == 0 || d <= 0) {
            return 1.0;
        }
        double ne = (double) n * m / (n + m);
        double sq = Math.sqrt(ne);
        double lambda = (sq + 0.12 + 0.11 / sq) * d;
        return qks(lambda);
    }

    static double qks(double lambda) {
        if (lambda < 0.2) {
            return 1.0;
        }
        double a2 = -2.0 * lambda * lambda;
        double sum = 0;
        double sign = 2.0;
        double previous = 0;
        for (int j = 1; j <= 100; j++) {
            double term = sign * Math.exp(a2 * j * j);
            sum += term;
            if (Math.abs(term) <= 1e-10 * previous || Math.abs(term) <= 1e-16 * sum) {
                return clamp(sum);
            }
            sign = -sign;
            previous = Math.abs(term);
        }
        return clamp(sum);
    }

    static boolean drifted(long count, long minSamples, double psi, double ksD, double ksP) {
        return count >= minSamples && (psi > DriftReport.PSI_THRESHOLD
                || (ksP < DriftReport.KS_P_THRESHOLD && ksD > DriftReport.KS_D_THRESHOLD));
    }

    private static double clamp(double p) {
        return Math.max(0.0, Math.min(1.0, p));
    }

    static long total(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}
