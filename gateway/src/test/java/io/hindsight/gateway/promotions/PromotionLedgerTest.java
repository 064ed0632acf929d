package io.hindsight.gateway.promotions;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.promotion.PromotionDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionLedgerTest {

    static PromotionDecision d(String task, String family, long ts) {
        return new PromotionDecision(task, family, ts, PromotionDecision.KEPT, "accuracy", null, null, null, 0.05, 100,
                List.of(), List.of(), "r");
    }

    @Test
    void newestFirstFilteredAndLimited() {
        PromotionLedger ledger = new PromotionLedger();
        ledger.add(d("rps", "forrest", 1));
        ledger.add(d("digits", "cnn", 2));
        ledger.add(d("rps", "logan", 3));
        ledger.add(d("rps", "forrest", 4));
        assertThat(ledger.newest(null, null, 50)).extracting(PromotionDecision::evaluatedTs).containsExactly(4L, 3L, 2L, 1L);
        assertThat(ledger.newest("rps", "forrest", 50)).extracting(PromotionDecision::evaluatedTs).containsExactly(4L, 1L);
        assertThat(ledger.newest("rps", null, 2)).extracting(PromotionDecision::evaluatedTs).containsExactly(4L, 3L);
    }

    @Test
    void keepsTheNewestWithinItsCapacity() {
        PromotionLedger ledger = new PromotionLedger(2);
        for (long ts = 1; ts <= 5; ts++) {
            ledger.add(d("rps", "brian", ts));
        }
        assertThat(ledger.size()).isEqualTo(2);
        assertThat(ledger.newest(null, null, 10)).extracting(PromotionDecision::evaluatedTs).containsExactly(5L, 4L);
    }
}
