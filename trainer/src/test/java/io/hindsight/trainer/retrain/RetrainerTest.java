package io.hindsight.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.promotion.PromotionDecision.AliasEvidence;
import io.hindsight.contracts.promotion.PromotionDecision.AliasMove;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What counts as new and what counts as judged, without a broker. */
class RetrainerTest {
    private static final String FEEDBACK = "calories.feedback";
    private static final TopicPartition P0 = new TopicPartition(FEEDBACK, 0);
    private static final TopicPartition P1 = new TopicPartition(FEEDBACK, 1);
    private static final TopicPartition P2 = new TopicPartition(FEEDBACK, 2);

    private static ModelVersion trainedOn(String version, TrainingRange... ranges) {
        return new ModelVersion(version, "calories", "xgboost", 0L, ModelVersion.TRIBUO_PROTOBUF, "sha", 1, List.of(),
                Map.of(), Map.of(), List.of(ranges), "test");
    }

    @Test
    void everyRecordIsNewForModelsWithoutRangesOfTheCountedTopic() {
        ModelVersion generated = trainedOn("calories-xgboost-generated"); // first start: generated rows, no ranges
        ModelVersion otherTopic = trainedOn("x", new TrainingRange("calories.requests", 0, 0, 500));

        assertThat(Retrainer.newRecords(Map.of(P0, 0L, P1, 0L), Map.of(P0, 40L, P1, 60L), List.of(generated, otherTopic)))
                .isEqualTo(100);
        assertThat(Retrainer.newRecords(Map.of(P0, 0L), Map.of(P0, 40L), List.of())).isEqualTo(40);
    }

    @Test
    void recordsPastTheRecordedEndsAreNewPerPartitionAndTheNewestModelCounts() {
        ModelVersion b = trainedOn("b", new TrainingRange(FEEDBACK, 0, 0, 30), new TrainingRange(FEEDBACK, 1, 0, 60));
        ModelVersion production = trainedOn("p", new TrainingRange(FEEDBACK, 0, 0, 35)); // promoted: newer on partition 0
        Map<TopicPartition, Long> starts = Map.of(P0, 0L, P1, 0L, P2, 0L);
        Map<TopicPartition, Long> ends = Map.of(P0, 40L, P1, 60L, P2, 7L); // partition 2 was empty when b trained

        assertThat(Retrainer.newRecords(starts, ends, List.of(b))).isEqualTo(10 + 0 + 7);
        assertThat(Retrainer.newRecords(starts, ends, List.of(b, production))).isEqualTo(5 + 0 + 7);
        // records deleted by retention are not counted: from the log start on
        assertThat(Retrainer.newRecords(Map.of(P2, 5L), Map.of(P2, 7L), List.of(b))).isEqualTo(2);
        // a model trained to the end: nothing new
        assertThat(Retrainer.newRecords(Map.of(P0, 0L), Map.of(P0, 30L), List.of(b))).isZero();
    }

    @Test
    void aBIsJudgedByATestOnItsEvidenceOrByBeingMovedThereNotByInsufficientData() {
        PromotionDecision insufficient = decision("calories", "xgboost", PromotionDecision.INSUFFICIENT_DATA,
                List.of(new AliasEvidence(Aliases.B, "v2", 10, 0.01, 0)), List.of());
        PromotionDecision kept = decision("calories", "xgboost", PromotionDecision.KEPT,
                List.of(new AliasEvidence(Aliases.PRODUCTION, "v1", 300, 0.01, 0), new AliasEvidence(Aliases.B, "v2", 300, 0.01, 0)),
                List.of());
        PromotionDecision promoted = decision("calories", "xgboost", PromotionDecision.PROMOTED,
                List.of(new AliasEvidence(Aliases.B, "v2", 300, 0.01, 0)),
                List.of(new AliasMove(Aliases.PRODUCTION, "v1", "v2"), new AliasMove(Aliases.B, "v2", "v1")));

        assertThat(Retrainer.judged("calories", "v2", List.of())).isFalse();
        assertThat(Retrainer.judged("calories", "v2", List.of(insufficient))).isFalse();
        assertThat(Retrainer.judged("calories", "v2", List.of(kept))).isTrue();
        assertThat(Retrainer.judged("calories", "v1", List.of(kept))).isFalse(); // v1 was Production in that test
        assertThat(Retrainer.judged("calories", "v1", List.of(promoted))).isTrue(); // the swap put v1 in B
        assertThat(Retrainer.judged("digits", "v2", List.of(kept))).isFalse(); // another task's ledger
        // digits' Production (cnn) and B (xgboost) are different families: a decision under either key judges B
        PromotionDecision digits = decision("digits", "cnn", PromotionDecision.KEPT,
                List.of(new AliasEvidence(Aliases.B, "digits-xgboost-1", 300, 0.9, 270)), List.of());
        assertThat(Retrainer.judged("digits", "digits-xgboost-1", List.of(digits))).isTrue();
    }

    private static PromotionDecision decision(String task, String family, String outcome, List<AliasEvidence> evidence,
                                              List<AliasMove> moves) {
        return new PromotionDecision(task, family, 1L, outcome, "m", "t", null, null, 0.05, 200, evidence, moves, "why");
    }
}
