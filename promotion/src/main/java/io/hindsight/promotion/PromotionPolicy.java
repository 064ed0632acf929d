package io.hindsight.promotion;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.promotion.PromotionDecision.AliasEvidence;
import io.hindsight.contracts.promotion.PromotionDecision.AliasMove;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides, for one task/family, whether B replaces Production, from the evidence each version gathered under
 * its current alias. Pure: no Kafka, no clock (the caller passes the time).
 *
 * <ul>
 *   <li>rps: game win rate of the games each alias served (the bot's outcome is what players feel), pooled
 *   two-proportion z-test, one-sided B &gt; Production, at least {@code minGames} each. Then the shadows:
 *   shadow2 takes shadow1's place when its move accuracy is higher by the same test, at least
 *   {@code minSamples} rounds each.</li>
 *   <li>digits: accuracy of every scored prediction (B is a shadow on every request), the same z-test, at
 *   least {@code minSamples} each.</li>
 *   <li>calories: B predicted the very requests Production did, so the per-request difference of squared log
 *   errors is tested (paired t-test, one-sided: B's error lower), which removes the request-to-request spread
 *   an unpaired test would drown in; at least {@code minSamples} pairs.</li>
 * </ul>
 * Too little evidence: insufficient-data. Not significant at {@code alpha}: kept. Significant: promoted, and
 * Production and B swap versions, so the old Production stays on as the challenger.
 */
final class PromotionPolicy {
    static final String GAME_WIN_RATE = "game_win_rate";
    static final String ACCURACY = "accuracy";
    static final String SQUARED_LOG_ERROR = "squared_log_error";
    static final String Z_TEST = "two-proportion z-test, one-sided (B > Production)";
    static final String PAIRED_T_TEST = "paired t-test, one-sided (B's squared log error < Production's)";

    private final double alpha;
    private final long minGames;
    private final long minSamples;

    PromotionPolicy(double alpha, long minGames, long minSamples) {
        this.alpha = alpha;
        this.minGames = minGames;
        this.minSamples = minSamples;
    }

    static PromotionPolicy of(PromotionConfig config) {
        return new PromotionPolicy(config.alpha(), config.minGames(), config.minSamples());
    }

    /**
     * @param byAlias the stats of each assigned alias' current version under that alias; must hold
     *                Production and B
     * @param paired  calories: the pairs of Production's and B's current versions; ignored otherwise
     */
    PromotionDecision decide(Task task, String family, Map<String, AliasStats> byAlias, PairedStats paired, long nowMs) {
        AliasStats production = byAlias.get(Aliases.PRODUCTION);
        AliasStats b = byAlias.get(Aliases.B);
        if (production == null || b == null) {
            throw new IllegalArgumentException(task.id() + "/" + family + " needs both Production and B assigned");
        }
        return switch (task) {
            case RPS -> rps(family, byAlias, production, b, nowMs);
            case DIGITS -> proportions(task, family, ACCURACY, minSamples, production, b,
                    List.of(accuracyEvidence(production), accuracyEvidence(b)), nowMs);
            case CALORIES -> calories(family, production, b, paired == null
                    ? PairedStats.none(production.version(), b.version()) : paired, nowMs);
        };
    }

    private PromotionDecision rps(String family, Map<String, AliasStats> byAlias, AliasStats production, AliasStats b, long nowMs) {
        List<AliasEvidence> evidence = new ArrayList<>(List.of(gamesEvidence(production), gamesEvidence(b)));
        AliasStats s1 = byAlias.get(Aliases.SHADOW1);
        AliasStats s2 = byAlias.get(Aliases.SHADOW2);
        if (s1 != null) {
            evidence.add(accuracyEvidence(s1));
        }
        if (s2 != null) {
            evidence.add(accuracyEvidence(s2));
        }
        PromotionDecision main = proportions(Task.RPS, family, GAME_WIN_RATE, minGames, production, b, evidence, nowMs);
        if (s1 == null || s2 == null) {
            return main;
        }
        String shadowReason;
        List<AliasMove> moves = new ArrayList<>(main.moves());
        if (s1.version().equals(s2.version())) {
            shadowReason = "shadow1 and shadow2 are the same version";
        } else if (s1.scored() < minSamples || s2.scored() < minSamples) {
            shadowReason = String.format(Locale.ROOT, "shadows not compared yet: shadow1 (%s) has %d and shadow2 (%s) %d of %d scored rounds each",
                    s1.version(), s1.scored(), s2.version(), s2.scored(), minSamples);
        } else {
            Statistics.TestResult t = Statistics.twoProportionZ(s2.correct(), s2.scored(), s1.correct(), s1.scored());
            boolean swap = t.pValue() < alpha;
            shadowReason = String.format(Locale.ROOT, "shadow2 (%s) move accuracy %.3f over %d rounds vs shadow1 (%s) %.3f over %d: z = %s, p = %.4g %s %s, %s",
                    s2.version(), s2.accuracy(), s2.scored(), s1.version(), s1.accuracy(), s1.scored(),
                    fmt(t.statistic()), t.pValue(), swap ? "<" : ">=", Double.toString(alpha),
                    swap ? "shadows swapped" : "shadows kept");
            if (swap) {
                moves.add(new AliasMove(Aliases.SHADOW1, s1.version(), s2.version()));
                moves.add(new AliasMove(Aliases.SHADOW2, s2.version(), s1.version()));
            }
        }
        String outcome = moves.size() > main.moves().size() && main.moves().isEmpty()
                ? PromotionDecision.SHADOWS_REORDERED : main.outcome();
        return new PromotionDecision(main.task(), family, nowMs, outcome, main.metric(), main.test(), main.statistic(),
                main.pValue(), alpha, main.minSamples(), evidence, moves, main.reason() + ". " + shadowReason);
    }

    /** rps (games won of games served) and digits (correct of scored): pooled z-test, B over Production. */
    private PromotionDecision proportions(Task task, String family, String metric, long min, AliasStats production,
                                          AliasStats b, List<AliasEvidence> evidence, long nowMs) {
        AliasEvidence p = evidence.get(0);
        AliasEvidence c = evidence.get(1);
        String unit = metric.equals(GAME_WIN_RATE) ? "games" : "scored predictions";
        if (production.version().equals(b.version())) {
            return decision(task, family, nowMs, PromotionDecision.KEPT, metric, null, null, null, min, evidence, List.of(),
                    "Production and B are the same version (" + b.version() + "): nothing to compare");
        }
        if (p.samples() < min || c.samples() < min) {
            return decision(task, family, nowMs, PromotionDecision.INSUFFICIENT_DATA, metric, Z_TEST, null, null, min, evidence,
                    List.of(), String.format(Locale.ROOT, "not enough evidence yet: Production (%s) has %d and B (%s) %d of the %d %s each needs",
                            p.version(), p.samples(), c.version(), c.samples(), min, unit));
        }
        Statistics.TestResult t = Statistics.twoProportionZ(c.successes(), c.samples(), p.successes(), p.samples());
        String numbers = String.format(Locale.ROOT, "B (%s) %s %.3f over %d %s vs Production (%s) %.3f over %d: z = %s, p = %.4g",
                c.version(), metric.replace('_', ' '), c.value(), c.samples(), unit, p.version(), p.value(), p.samples(),
                fmt(t.statistic()), t.pValue());
        return significance(task, family, nowMs, metric, Z_TEST, t, min, evidence, production.version(), b.version(), numbers);
    }

    private PromotionDecision calories(String family, AliasStats production, AliasStats b, PairedStats paired, long nowMs) {
        List<AliasEvidence> evidence = List.of(
                new AliasEvidence(Aliases.PRODUCTION, production.version(), paired.n(), paired.meanProduction(), 0),
                new AliasEvidence(Aliases.B, b.version(), paired.n(), paired.meanB(), 0));
        if (production.version().equals(b.version())) {
            return decision(Task.CALORIES, family, nowMs, PromotionDecision.KEPT, SQUARED_LOG_ERROR, null, null, null,
                    minSamples, evidence, List.of(), "Production and B are the same version (" + b.version() + "): nothing to compare");
        }
        if (paired.n() < minSamples) {
            return decision(Task.CALORIES, family, nowMs, PromotionDecision.INSUFFICIENT_DATA, SQUARED_LOG_ERROR, PAIRED_T_TEST,
                    null, null, minSamples, evidence, List.of(), String.format(Locale.ROOT,
                            "not enough evidence yet: %d of the %d requests predicted by both Production (%s) and B (%s) needed",
                            paired.n(), minSamples, production.version(), b.version()));
        }
        Statistics.TestResult t = Statistics.pairedT(paired.n(), paired.sumDiff(), paired.sumDiffSquared());
        String numbers = String.format(Locale.ROOT,
                "over %d requests both predicted, B (%s) mean squared log error %.5f vs Production (%s) %.5f: t = %s (df %d), p = %.4g",
                paired.n(), b.version(), paired.meanB(), production.version(), paired.meanProduction(), fmt(t.statistic()),
                paired.n() - 1, t.pValue());
        return significance(Task.CALORIES, family, nowMs, SQUARED_LOG_ERROR, PAIRED_T_TEST, t, minSamples, evidence,
                production.version(), b.version(), numbers);
    }

    private PromotionDecision significance(Task task, String family, long nowMs, String metric, String test,
                                           Statistics.TestResult t, long min, List<AliasEvidence> evidence,
                                           String productionVersion, String bVersion, String numbers) {
        if (t.pValue() < alpha) {
            return decision(task, family, nowMs, PromotionDecision.PROMOTED, metric, test, t.statistic(), t.pValue(), min,
                    evidence, List.of(new AliasMove(Aliases.PRODUCTION, productionVersion, bVersion),
                            new AliasMove(Aliases.B, bVersion, productionVersion)),
                    "B is better: " + numbers + " < alpha " + Double.toString(alpha) + "; B (" + bVersion + ") becomes Production and "
                            + productionVersion + " becomes B");
        }
        return decision(task, family, nowMs, PromotionDecision.KEPT, metric, test, t.statistic(), t.pValue(), min, evidence,
                List.of(), "B is not shown better: " + numbers + " >= alpha " + Double.toString(alpha) + "; Production stays " + productionVersion);
    }

    private PromotionDecision decision(Task task, String family, long nowMs, String outcome, String metric, String test,
                                       Double statistic, Double pValue, long min, List<AliasEvidence> evidence,
                                       List<AliasMove> moves, String reason) {
        return new PromotionDecision(task.id(), family, nowMs, outcome, metric, test, statistic, pValue, alpha, min,
                evidence, moves, reason);
    }

    private static AliasEvidence gamesEvidence(AliasStats s) {
        return new AliasEvidence(s.alias(), s.version(), s.games(), s.winRate(), s.gamesWon());
    }

    private static AliasEvidence accuracyEvidence(AliasStats s) {
        return new AliasEvidence(s.alias(), s.version(), s.scored(), s.accuracy(), s.correct());
    }

    private static String fmt(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.4g", v);
    }
}
