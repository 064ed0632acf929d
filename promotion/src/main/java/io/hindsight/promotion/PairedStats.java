package io.hindsight.promotion;

/**
 * A regression's paired evidence: requests that both Production (version {@code productionVersion}) and B
 * (version {@code bVersion}) predicted, as sums over the pairs of each side's squared log error and of the
 * difference d = SLE(Production) - SLE(B), positive where B was closer.
 */
record PairedStats(String productionVersion, String bVersion, long n, double sumProduction, double sumB,
                   double sumDiff, double sumDiffSquared) {

    static PairedStats none(String productionVersion, String bVersion) {
        return new PairedStats(productionVersion, bVersion, 0, 0, 0, 0, 0);
    }

    PairedStats plus(double productionSle, double bSle) {
        double d = productionSle - bSle;
        return new PairedStats(productionVersion, bVersion, n + 1, sumProduction + productionSle, sumB + bSle,
                sumDiff + d, sumDiffSquared + d * d);
    }

    double meanProduction() {
        return n == 0 ? 0.0 : sumProduction / n;
    }

    double meanB() {
        return n == 0 ? 0.0 : sumB / n;
    }
}
