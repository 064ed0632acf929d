package io.hindsight.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.prediction.ScoredRecord;
import org.junit.jupiter.api.Test;

class EvidenceStoreTest {
    static ScoredRecord rps(String id, String alias, String version, boolean served, boolean correct, Boolean gameWon) {
        return new ScoredRecord(id, "rps", "logan", version, alias, served, 0, correct ? 0 : 1, correct ? 0 : 1, null,
                correct, 0, 1, 1, 1.0, gameWon);
    }

    static ScoredRecord calories(String id, String alias, String version, double sle) {
        return new ScoredRecord(id, "calories", "xgboost", version, alias, alias.equals("Production"), 100, 90, 10, sle,
                null, 0, 1, 1);
    }

    @Test
    void countsAVersionOnlyUnderTheAliasItsRecordsName() {
        EvidenceStore s = new EvidenceStore();
        s.add(rps("g1:9", "Production", "v1", true, true, true));
        s.add(rps("g2:9", "Production", "v1", true, false, false));
        s.add(rps("g3:9", "B", "v1", true, true, true));         // v1 after a swap: its own, fresh record
        s.add(rps("g3:9", "shadow1", "v3", false, true, null));

        assertThat(s.stats("rps", "logan", "Production", "v1"))
                .isEqualTo(new AliasStats("Production", "v1", 2, 1, 2, 1, 0, 0.0));
        assertThat(s.stats("rps", "logan", "B", "v1").games()).isEqualTo(1);
        assertThat(s.stats("rps", "logan", "shadow1", "v3").games()).isZero();
        assertThat(s.stats("rps", "logan", "B", "v9")).isEqualTo(AliasStats.none("B", "v9"));
        assertThat(s.records()).isEqualTo(4);
    }

    @Test
    void pairsProductionAndBOfTheSameRequestInEitherOrder() {
        EvidenceStore s = new EvidenceStore();
        s.add(calories("r1", "Production", "x1", 0.04));
        s.add(calories("r1", "B", "x2", 0.01));
        s.add(calories("r2", "B", "x2", 0.02));
        s.add(calories("r2", "Production", "x1", 0.03));
        s.add(calories("r3", "Production", "x1", 0.5));          // B never answered r3: no pair
        s.add(calories("r4", "shadow1", "x3", 0.0));              // shadows are not paired

        PairedStats p = s.paired("calories", "xgboost", "x1", "x2");
        assertThat(p.n()).isEqualTo(2);
        assertThat(p.sumDiff()).isCloseTo(0.03 + 0.01, within(1e-12));
        assertThat(p.meanB()).isCloseTo(0.015, within(1e-12));
        assertThat(s.paired("calories", "xgboost", "x2", "x1").n()).as("after a swap the pairs start over").isZero();
        assertThat(s.stats("calories", "xgboost", "Production", "x1").sleCount()).isEqualTo(3);
    }

    static ScoredRecord calories(String id, String family, String alias, String version, double sle) {
        return new ScoredRecord(id, "calories", family, version, alias, alias.equals("Production"), 100, 90, 10, sle,
                null, 0, 1, 1);
    }

    @Test
    void pairsProductionAndBOfTheSameRequestAcrossFamiliesAndCountsARepeatOnce() {
        EvidenceStore s = new EvidenceStore();
        s.add(calories("r1", "aaa", "Production", "p1", 0.04));
        s.add(calories("r1", "zzz", "B", "b1", 0.01));
        s.add(calories("r1", "zzz", "B", "b1", 0.01));            // a repeat of r1's B output: not a second pair
        s.add(calories("r2", "zzz", "B", "b1", 0.02));
        s.add(calories("r2", "aaa", "Production", "p1", 0.03));
        s.add(calories("r3", "aaa", "Production", "p1", 0.5));     // no B for r3

        PairedStats p = s.paired("calories", "aaa", "p1", "zzz", "b1");
        assertThat(p.n()).isEqualTo(2);
        assertThat(p.sumDiff()).isCloseTo(0.03 + 0.01, within(1e-12));
        assertThat(p.meanProduction()).isCloseTo(0.035, within(1e-12));
        assertThat(s.paired("calories", "aaa", "p1", "b1").n()).as("same-family pairs are their own").isZero();
        assertThat(s.paired("calories", "zzz", "p1", "aaa", "b1").n()).as("families are not interchangeable").isZero();
        assertThat(s.stats("calories", "aaa", "Production", "p1").sleCount()).isEqualTo(3);
        assertThat(s.stats("calories", "zzz", "B", "b1").sleCount()).isEqualTo(3);
    }
}
