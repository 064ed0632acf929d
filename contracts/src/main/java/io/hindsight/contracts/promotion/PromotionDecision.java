package io.hindsight.contracts.promotion;

import java.util.List;

/**
 * One evaluation of a task/family's aliases, appended to the {@code promotions} ledger whatever its
 * outcome, keyed "task/family". The evidence is what the decision was made on, so any entry can be audited.
 *
 * @param outcome   {@link #PROMOTED}, {@link #KEPT}, {@link #INSUFFICIENT_DATA}, {@link #SHADOWS_REORDERED} or
 *                  {@link #OVERRIDDEN} (an operator moved an alias by hand, through the gateway's admin API)
 * @param metric    what was compared, e.g. "game_win_rate", "accuracy", "squared_log_error"
 * @param test      the statistical test, e.g. "two-proportion z-test, one-sided"
 * @param statistic the test statistic; null when no test ran
 * @param pValue    the p-value; null when no test ran
 * @param alpha     the significance level B had to reach
 * @param minSamples the least evidence per alias before any test runs (games, or scored predictions)
 * @param moves     the alias moves made, empty for no change
 */
public record PromotionDecision(String task, String family, long evaluatedTs, String outcome, String metric,
                                String test, Double statistic, Double pValue, double alpha, long minSamples,
                                List<AliasEvidence> evidence, List<AliasMove> moves, String reason) {
    public static final String PROMOTED = "promoted";
    public static final String KEPT = "kept";
    public static final String INSUFFICIENT_DATA = "insufficient-data";
    public static final String SHADOWS_REORDERED = "shadows-reordered";
    public static final String OVERRIDDEN = "overridden";

    public PromotionDecision {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        moves = moves == null ? List.of() : List.copyOf(moves);
    }

    public static String key(String task, String family) {
        return task + "/" + family;
    }

    /** What one alias showed over the evaluation window. */
    public record AliasEvidence(String alias, String version, long samples, double value, long successes) {
    }

    /** An alias moved from one version to another. */
    public record AliasMove(String alias, String fromVersion, String toVersion) {
    }
}
