package io.hindsight.promotion;

/**
 * The tests the promotion policy runs, in plain Java so the decision has no dependency to audit beyond this
 * file. Pure functions. All tests are one-sided: the challenger must be better, not merely different.
 */
final class Statistics {
    private Statistics() {
    }

    /** A test's outcome. {@code statistic} is null when it is undefined (no variance at all). */
    record TestResult(Double statistic, double pValue) {
    }

    /**
     * Pooled two-proportion z-test of H1: p_challenger &gt; p_incumbent. With no variance at all (both all
     * successes or all failures) the rates are equal: z = 0, p = 0.5.
     */
    static TestResult twoProportionZ(long challengerSuccesses, long challengerTrials, long incumbentSuccesses, long incumbentTrials) {
        if (challengerTrials <= 0 || incumbentTrials <= 0) {
            throw new IllegalArgumentException("both sides need trials");
        }
        double p1 = challengerSuccesses / (double) challengerTrials;
        double p2 = incumbentSuccesses / (double) incumbentTrials;
        double pooled = (challengerSuccesses + incumbentSuccesses) / (double) (challengerTrials + incumbentTrials);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / challengerTrials + 1.0 / incumbentTrials));
        if (se == 0) {
            return new TestResult(0.0, 0.5);
        }
        double z = (p1 - p2) / se;
        return new TestResult(z, 1 - normalCdf(z));
    }

    /**
     * Paired t-test of H1: mean(d) &gt; 0 from n differences given as their sum and sum of squares, df = n - 1.
     * With no spread in the differences the t statistic is undefined: p = 0 if they are all positive, 1 if
     * all negative, 0.5 if all zero.
     */
    static TestResult pairedT(long n, double sumDiff, double sumDiffSquared) {
        if (n < 2) {
            throw new IllegalArgumentException("a paired t-test needs at least 2 pairs");
        }
        double mean = sumDiff / n;
        double variance = Math.max(0.0, (sumDiffSquared - n * mean * mean) / (n - 1));
        double se = Math.sqrt(variance / n);
        // Relative guard: rounding leaves a tiny variance where all differences are equal.
        if (se == 0 || se < 1e-12 * Math.abs(mean)) {
            return new TestResult(null, mean > 0 ? 0.0 : mean < 0 ? 1.0 : 0.5);
        }
        double t = mean / se;
        return new TestResult(t, studentTUpperTail(t, n - 1));
    }

    /**
     * Standard normal CDF: Hart's double-precision rational approximation as given by West (2005),
     * "Better approximations to cumulative normal functions", accurate to about 1e-15.
     */
    static double normalCdf(double x) {
        double a = Math.abs(x);
        double c;
        if (a > 37) {
            c = 0;
        } else {
            double e = Math.exp(-a * a / 2);
            if (a < 7.07106781186547) {
                double n = 3.52624965998911e-02 * a + 0.700383064443688;
                n = n * a + 6.37396220353165;
                n = n * a + 33.912866078383;
                n = n * a + 112.079291497871;
                n = n * a + 221.213596169931;
                n = n * a + 220.206867912376;
                double d = 8.83883476483184e-02 * a + 1.75566716318264;
                d = d * a + 16.064177579207;
                d = d * a + 86.7807322029461;
                d = d * a + 296.564248779674;
                d = d * a + 637.333633378831;
                d = d * a + 793.826512519948;
                d = d * a + 440.413735824752;
                c = e * n / d;
            } else {
                double b = a + 0.65;
                b = a + 4 / b;
                b = a + 3 / b;
                b = a + 2 / b;
                b = a + 1 / b;
                c = e / b / 2.506628274631;
            }
        }
        return x > 0 ? 1 - c : c;
    }

    /** P(T &gt; t) for Student's t with {@code df} degrees of freedom, via the regularized incomplete beta. */
    static double studentTUpperTail(double t, double df) {
        double x = df / (df + t * t);
        double tail = 0.5 * regularizedIncompleteBeta(x, df / 2, 0.5); // P(|T| > |t|) / 2
        return t > 0 ? tail : 1 - tail;
    }

    /** I_x(a, b) by Lentz's continued fraction (Numerical Recipes, betai/betacf). */
    static double regularizedIncompleteBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln Γ(x) for x &gt; 0: Lanczos approximation (g = 7, n = 9), about 15 significant digits. */
    static double logGamma(double x) {
        final double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < c.length; i++) {
            sum += c[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
