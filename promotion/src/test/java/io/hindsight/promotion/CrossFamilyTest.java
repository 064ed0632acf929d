package io.hindsight.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.promotion.PromotionDecision.AliasEvidence;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which Production and B a task-wide task pairs across families, and what such a decision records. */
class CrossFamilyTest {
    static final long NOW = PromotionPolicyTest.NOW;

    @SafeVarargs
    static Map<String, Map<String, String>> families(Map.Entry<String, Map<String, String>>... fs) {
        Map<String, Map<String, String>> m = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> f : fs) {
            m.put(f.getKey(), new TreeMap<>(f.getValue()));
        }
        return m;
    }

    static final Map<String, Map<String, String>> DIGITS = families(
            Map.entry("cnn", Map.of(Aliases.PRODUCTION, "c1")), Map.entry("xgboost", Map.of(Aliases.B, "x1")));

    @Test
    void digitsPairsTheServedProductionWithTheBOfAnotherFamily() {
        assertThat(PromotionRole.crossFamily(Task.DIGITS, DIGITS)).containsExactly("cnn", "xgboost");
        assertThat(PromotionRole.crossFamily(Task.CALORIES, DIGITS)).containsExactly("cnn", "xgboost");
    }

    @Test
    void rpsAndFamiliesWithBothAliasesAreNotPairedAcross() {
        assertThat(PromotionRole.crossFamily(Task.RPS, DIGITS)).as("rps routes per family").isNull();
        assertThat(PromotionRole.crossFamily(Task.CALORIES, families(
                Map.entry("xgboost", Map.of(Aliases.PRODUCTION, "x1", Aliases.B, "x2"))))).as("calories today").isNull();
        assertThat(PromotionRole.crossFamily(Task.DIGITS, families(
                Map.entry("cnn", Map.of(Aliases.PRODUCTION, "c1", Aliases.B, "c2")),
                Map.entry("xgboost", Map.of(Aliases.B, "x1"))))).as("served family has its own B").isNull();
        assertThat(PromotionRole.crossFamily(Task.DIGITS, families(
                Map.entry("xgboost", Map.of(Aliases.B, "x1"))))).as("no Production").isNull();
        assertThat(PromotionRole.crossFamily(Task.DIGITS, families(
                Map.entry("cnn", Map.of(Aliases.PRODUCTION, "c1")),
                Map.entry("mlp", Map.of(Aliases.PRODUCTION, "m1", Aliases.B, "m2"))))).as("only B has a Production").isNull();
    }

    @Test
    void aPromotionAcrossFamiliesIsRecordedWithItsEvidenceButMovesNothing() {
        PromotionDecision policy = PromotionPolicyTest.POLICY.decide(Task.DIGITS, "xgboost", PromotionPolicyTest.aliases(
                PromotionPolicyTest.rounds(Aliases.PRODUCTION, "c1", 400, 200),
                PromotionPolicyTest.rounds(Aliases.B, "x1", 400, 360)), null, NOW);
        assertThat(policy.moves()).isNotEmpty();

        PromotionDecision d = PromotionRole.acrossFamilies(policy, "cnn");
        assertThat(d.outcome()).isEqualTo(PromotionDecision.PROMOTED);
        assertThat(d.task()).isEqualTo("digits");
        assertThat(d.family()).isEqualTo("xgboost");
        assertThat(d.moves()).isEmpty();
        assertThat(d.evidence()).containsExactly(new AliasEvidence(Aliases.PRODUCTION, "c1", 400, 0.5, 200),
                new AliasEvidence(Aliases.B, "x1", 400, 0.9, 360));
        assertThat(d.reason()).startsWith("Production of cnn against B of xgboost")
                .endsWith("promotion across families needs an operator: POST /v1/promotions/override");
        PromotionPolicyTest.assertValidLedgerEntry(d);
    }

    @Test
    void aKeptDecisionAcrossFamiliesKeepsTheOutcomeAndNamesBothFamilies() {
        PromotionDecision d = PromotionRole.acrossFamilies(PromotionPolicyTest.POLICY.decide(Task.DIGITS, "xgboost",
                PromotionPolicyTest.aliases(PromotionPolicyTest.rounds(Aliases.PRODUCTION, "c1", 400, 360),
                        PromotionPolicyTest.rounds(Aliases.B, "x1", 400, 200)), null, NOW), "cnn");
        assertThat(d.outcome()).isEqualTo(PromotionDecision.KEPT);
        assertThat(d.moves()).isEmpty();
        assertThat(d.reason()).startsWith("Production of cnn against B of xgboost").doesNotContain("operator");
    }
}
