package io.hindsight.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.promotion.PromotionDecision.AliasEvidence;
import io.hindsight.contracts.promotion.PromotionDecision.AliasMove;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {
    static final PromotionPolicy POLICY = PromotionPolicy.of(PromotionConfig.defaults()); // alpha .05, 30 games, 200 samples
    static final long NOW = 1_767_225_600_000L;

    static AliasStats games(String alias, String version, long games, long won) {
        return new AliasStats(alias, version, games * 20, games * 10, games, won, 0, 0.0);
    }

    static AliasStats rounds(String alias, String version, long scored, long correct) {
        return new AliasStats(alias, version, scored, correct, 0, 0, 0, 0.0);
    }

    static Map<String, AliasStats> aliases(AliasStats... stats) {
        Map<String, AliasStats> m = new LinkedHashMap<>();
        for (AliasStats s : stats) {
            m.put(s.alias(), s);
        }
        return m;
    }

    static void assertValidLedgerEntry(PromotionDecision d) {
        assertThat(new WireReader<>(Topics.PROMOTIONS.schema(), PromotionDecision.class).validate(Json.tree(Json.write(d))))
                .isEmpty();
    }

    @Nested
    class Rps {
        @Test
        void promotesBWhenItsGameWinRateIsSignificantlyHigher() {
            PromotionDecision d = POLICY.decide(Task.RPS, "logan", aliases(
                    games(Aliases.PRODUCTION, "v1", 30, 15), games(Aliases.B, "v2", 30, 24)), null, NOW);

            assertThat(d.outcome()).isEqualTo(PromotionDecision.PROMOTED);
            assertThat(d.metric()).isEqualTo("game_win_rate");
            assertThat(d.test()).contains("z-test").contains("one-sided");
            assertThat(d.statistic()).isCloseTo(2.435993828823451, within(1e-12));   // see StatisticsTest
            assertThat(d.pValue()).isCloseTo(0.007425468943682439, within(1e-12));
            assertThat(d.alpha()).isEqualTo(0.05);
            assertThat(d.minSamples()).isEqualTo(30);
            assertThat(d.evidence()).containsExactly(
                    new AliasEvidence(Aliases.PRODUCTION, "v1", 30, 0.5, 15),
                    new AliasEvidence(Aliases.B, "v2", 30, 0.8, 24));
            assertThat(d.moves()).containsExactly(
                    new AliasMove(Aliases.PRODUCTION, "v1", "v2"), new AliasMove(Aliases.B, "v2", "v1"));
            assertThat(d.reason()).contains("B is better").contains("0.800").contains("v2) becomes Production");
            assertThat(d.evaluatedTs()).isEqualTo(NOW);
            assertValidLedgerEntry(d);
        }

        @Test
        void keepsProductionWhenBIsBetterButNotSignificantly() {
            // 18/30 vs 15/30: z = 0.7785, p = 0.2181
            PromotionDecision d = POLICY.decide(Task.RPS, "logan", aliases(
                    games(Aliases.PRODUCTION, "v1", 30, 15), games(Aliases.B, "v2", 30, 18)), null, NOW);
            assertThat(d.outcome()).isEqualTo(PromotionDecision.KEPT);
            assertThat(d.statistic()).isCloseTo(0.7784989441615227, within(1e-12));
            assertThat(d.pValue()).isCloseTo(0.21813746442026466, within(1e-12));
            assertThat(d.moves()).isEmpty();
            assertThat(d.reason()).contains("not shown better").contains("Production stays v1");
            assertValidLedgerEntry(d);
        }

        @Test
        void keepsProductionWhenBIsWorseHoweverClearly() {
            PromotionDecision d = POLICY.decide(Task.RPS, "logan", aliases(
                    games(Aliases.PRODUCTION, "v1", 30, 24), games(Aliases.B, "v2", 30, 15)), null, NOW);
            assertThat(d.outcome()).isEqualTo(PromotionDecision.KEPT);
            assertThat(d.pValue()).isCloseTo(1 - 0.007425468943682439, within(1e-12));
        }

        @Test
        void needsMinGamesOnBothSidesBeforeAnyTest() {
            PromotionDecision d = POLICY.decide(Task.RPS, "logan", aliases(
                    games(Aliases.PRODUCTION, "v1", 29, 0), games(Aliases.B, "v2", 300, 300)), null, NOW);
            assertThat(d.outcome()).isEqualTo(PromotionDecision.INSUFFICIENT_DATA);
            assertThat(d.statistic()).isNull();
            assertThat(d.pValue()).isNull();
            assertThat(d.moves()).isEmpty();
            assertThat(d.reason()).contains("Production (v1) has 29").contains("30 games");
            assertValidLedgerEntry(d);
        }

        @Test
        void reordersShadowsWhenShadow2NamesMovesSignificantlyBetter() {
            // 130/200 vs 100/200: z = 3.0343, p = 0.0012
            PromotionDecision d = POLICY.decide(Task.RPS, "brian", aliases(
                    games(Aliases.PRODUCTION, "v1", 30, 15), games(Aliases.B, "v2", 30, 18),
                    rounds(Aliases.SHADOW1, "v3", 200, 100), rounds(Aliases.SHADOW2, "v4", 200, 130)), null, NOW);
            assertThat(d.outcome()).isEqualTo(PromotionDecision.SHADOWS_REORDERED);
            assertThat(d.moves()).containsExactly(
                    new AliasMove(Aliases.SHADOW1, "v3", "v4"), new AliasMove(Aliases.SHADOW2, "v4", "v3"));
            assertThat(d.pValue()).as("the main test's").isCloseTo(0.21813746442026466, within(1e-12));
            assertThat(d.evidence()).extracting(AliasEvidence::alias)
                    .containsExactly(Aliases.PRODUCTION, Aliases.B, Aliases.SHADOW1, Aliases.SHADOW2);
            assertThat(d.evidence().get(3)).isEqualTo(new AliasEvidence(Aliases.SHADOW2, "v4", 200, 0.65, 130));
            assertThat(d.reason()).contains("z = 3.034").contains("shadows swapped");
            assertValidLedgerEntry(d);
        }

        @Test
        void aPromotionAndAReorderAreOnePromotedEntryWithFourMoves() {
            PromotionDecision d = POLICY.decide(Task.RPS, "brian", aliases(
                    games(Aliases.PRODUCTION, "v1", 30, 15), games(Aliases.B, "v2", 30, 24),
                    rounds(Aliases.SHADOW1, "v3", 200, 100), rounds(Aliases.SHADOW2, "v4", 200, 130)), null, NOW);
            assertThat(d.outcome()).isEqualTo(PromotionDecision.PROMOTED);
            assertThat(d.moves()).hasSize(4);
        }

        @Test
        void shadowsStayWithTooFewRoundsOrNoSignificance() {
            PromotionDecision few = POLICY.decide(Task.RPS, "brian", aliases(
                    games(Aliases.PRODUCTION, "v1", 3, 1), games(Aliases.B, "v2", 3, 2),
                    rounds(Aliases.SHADOW1, "v3", 199, 10), rounds(Aliases.SHADOW2, "v4", 500, 400)), null, NOW);
            assertThat(few.outcome()).isEqualTo(PromotionDecision.INSUFFICIENT_DATA);
            assertThat(few.moves()).isEmpty();
            assertThat(few.reason()).contains("shadows not compared yet");

            PromotionDecision close = POLICY.decide(Task.RPS, "brian", aliases(
                    games(Aliases.PRODUCTION, "v1", 30, 15), games(Aliases.B, "v2", 30, 15),
                    rounds(Aliases.SHADOW1, "v3", 200, 100), rounds(Aliases.SHADOW2, "v4", 200, 105)), null, NOW);
            assertThat(close.outcome()).isEqualTo(PromotionDecision.KEPT);
            assertThat(close.reason()).contains("shadows kept");
        }
    }

    @Nested
    class Digits {
        @Test
        void accuracyZTestWithMinSamples() {
            // 190/200 vs 176/200: z = 2.5100, p = 0.0060
            PromotionDecision promoted = POLICY.decide(Task.DIGITS, "cnn", aliases(
                    rounds(Aliases.PRODUCTION, "c1", 200, 176), rounds(Aliases.B, "c2", 200, 190)), null, NOW);
            assertThat(promoted.outcome()).isEqualTo(PromotionDecision.PROMOTED);
            assertThat(promoted.metric()).isEqualTo("accuracy");
            assertThat(promoted.minSamples()).isEqualTo(200);
            assertThat(promoted.statistic()).isCloseTo(2.5100249018756755, within(1e-12));
            assertThat(promoted.pValue()).isCloseTo(0.006036132404357562, within(1e-12));
            assertThat(promoted.evidence()).containsExactly(
                    new AliasEvidence(Aliases.PRODUCTION, "c1", 200, 0.88, 176),
                    new AliasEvidence(Aliases.B, "c2", 200, 0.95, 190));

            PromotionDecision kept = POLICY.decide(Task.DIGITS, "cnn", aliases(
                    rounds(Aliases.PRODUCTION, "c1", 200, 176), rounds(Aliases.B, "c2", 200, 181)), null, NOW);
            assertThat(kept.outcome()).isEqualTo(PromotionDecision.KEPT);
            assertThat(kept.pValue()).isCloseTo(0.20980212523050873, within(1e-12));

            PromotionDecision few = POLICY.decide(Task.DIGITS, "cnn", aliases(
                    rounds(Aliases.PRODUCTION, "c1", 200, 100), rounds(Aliases.B, "c2", 199, 199)), null, NOW);
            assertThat(few.outcome()).isEqualTo(PromotionDecision.INSUFFICIENT_DATA);
        }
    }

    @Nested
    class Calories {
        static PairedStats pairs(int n, double productionSle, double[] diffs) {
            PairedStats p = PairedStats.none("x1", "x2");
            for (int i = 0; i < n; i++) {
                double d = diffs[i % diffs.length];
                p = p.plus(productionSle, productionSle - d);
            }
            return p;
        }

        static Map<String, AliasStats> xgboost() {
            return aliases(rounds(Aliases.PRODUCTION, "x1", 0, 0), rounds(Aliases.B, "x2", 0, 0));
        }

        @Test
        void promotesOnAPairedTTestOfSquaredLogErrors() {
            double[] d = {0.02, 0.01, 0.03, -0.01, 0.02, 0.0, 0.015, 0.025}; // StatisticsTest: t = 2.925 for 8 pairs
            PromotionDecision small = PromotionPolicy.of(PromotionConfig.defaults().withMinSamples(8))
                    .decide(Task.CALORIES, "xgboost", xgboost(), pairs(8, 0.05, d), NOW);
            assertThat(small.outcome()).isEqualTo(PromotionDecision.PROMOTED);
            assertThat(small.metric()).isEqualTo("squared_log_error");
            assertThat(small.test()).contains("paired t-test");
            assertThat(small.statistic()).isCloseTo(2.924988129130707, within(1e-9));
            assertThat(small.pValue()).isCloseTo(0.011090965932134359, within(1e-9));
            assertThat(small.evidence()).extracting(AliasEvidence::samples).containsExactly(8L, 8L);
            assertThat(small.evidence().get(0).value()).isCloseTo(0.05, within(1e-12));
            assertThat(small.evidence().get(1).value()).isCloseTo(0.05 - 0.01375, within(1e-12));
            assertThat(small.moves()).containsExactly(
                    new AliasMove(Aliases.PRODUCTION, "x1", "x2"), new AliasMove(Aliases.B, "x2", "x1"));
            assertValidLedgerEntry(small);
        }

        @Test
        void keepsWhenTheDifferencesCentreOnZeroAndWaitsForMinPairs() {
            double[] noise = {0.02, -0.02, 0.01, -0.01};
            PromotionDecision kept = POLICY.decide(Task.CALORIES, "xgboost", xgboost(), pairs(200, 0.05, noise), NOW);
            assertThat(kept.outcome()).isEqualTo(PromotionDecision.KEPT);
            assertThat(kept.pValue()).isCloseTo(0.5, within(1e-9));

            PromotionDecision few = POLICY.decide(Task.CALORIES, "xgboost", xgboost(),
                    pairs(199, 0.05, new double[] {0.04, 0.03}), NOW);
            assertThat(few.outcome()).isEqualTo(PromotionDecision.INSUFFICIENT_DATA);
            assertThat(few.reason()).contains("199 of the 200");
            assertThat(POLICY.decide(Task.CALORIES, "xgboost", xgboost(), null, NOW).outcome())
                    .isEqualTo(PromotionDecision.INSUFFICIENT_DATA);
        }
    }

    @Test
    void theSameVersionUnderBothAliasesIsKeptWithoutATest() {
        PromotionDecision d = POLICY.decide(Task.RPS, "logan", aliases(
                games(Aliases.PRODUCTION, "v1", 50, 10), games(Aliases.B, "v1", 50, 40)), null, NOW);
        assertThat(d.outcome()).isEqualTo(PromotionDecision.KEPT);
        assertThat(d.test()).isNull();
        assertThat(d.reason()).contains("same version");
    }
}
