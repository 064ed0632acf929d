package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.schema.Parsed;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskProfileTest {
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void caloriesIsARegression() {
        TaskProfile p = TaskProfile.of(Task.CALORIES);
        assertThat(p.classifier()).isFalse();
        assertThat(p.classes()).isNull();
        assertThat(p.predictedBuckets()).startsWith(10, 25);
    }

    @Test
    void digitsIsATenClassClassifierWithOneHistogramBucketPerClass() {
        TaskProfile p = TaskProfile.of(Task.DIGITS);
        assertThat(p.classifier()).isTrue();
        assertThat(p.classes().count()).isEqualTo(10);
        assertThat(p.predictedBuckets()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(Histogram.toMap(p.predictedBuckets(), new long[11])).containsOnlyKeys(
                "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+Inf");
    }

    @Test
    void digitsFeedbackBecomesGroundTruthWithItsLabelAndEventTime() {
        String json = "{\"id\":\"r1\",\"label\":4,\"ts\":1767225600.5}";
        Parsed<GroundTruth> t = TaskProfile.of(Task.DIGITS).reader().read(bytes(json), 123L);
        assertThat(t.isOk()).isTrue();
        assertThat(t.value()).isEqualTo(new GroundTruth("r1", 4.0, 1_767_225_600_500L, json));

        Parsed<GroundTruth> noTs = TaskProfile.of(Task.DIGITS).reader().read(bytes("{\"id\":7,\"label\":0}"), 123L);
        assertThat(noTs.value().requestId()).isEqualTo("7");
        assertThat(noTs.value().eventTimeMs()).isEqualTo(123L);
    }

    @Test
    void badDigitsFeedbackNamesTheField() {
        Parsed<GroundTruth> t = TaskProfile.of(Task.DIGITS).reader().read(bytes("{\"id\":\"r1\",\"label\":10}"), 0L);
        assertThat(t.isOk()).isFalse();
        assertThat(t.reason()).contains("label");
    }

    @Test
    void rpsIsAThreeClassClassifierOfThePlayersMove() {
        TaskProfile p = TaskProfile.of(Task.RPS);
        assertThat(p.classifier()).isTrue();
        assertThat(p.classes().count()).isEqualTo(3);
        assertThat(p.predictedBuckets()).containsExactly(0, 1, 2);
    }

    @Test
    void rpsFeedbackBecomesTheMovesIndexWithTheRoundsContext() {
        String json = "{\"id\":\"g1:12\",\"move\":\"scissors\",\"gameId\":\"g1\",\"round\":12,\"value\":1.7,"
                + "\"bot\":\"rock\",\"gameOver\":true,\"winner\":\"bot\",\"ts\":1767225600.5}";
        Parsed<GroundTruth> t = TaskProfile.of(Task.RPS).reader().read(bytes(json), 123L);
        assertThat(t.isOk()).isTrue();
        assertThat(t.value()).isEqualTo(new GroundTruth("g1:12", 2.0, 1_767_225_600_500L, json, new RpsRound(1.7, true, "bot")));
        assertThat(t.value().rps().botWon()).isTrue();
    }

    @Test
    void aBareRpsFeedbackTakesItsRoundValueFromTheRulesByItsId() {
        Parsed<GroundTruth> t = TaskProfile.of(Task.RPS).reader().read(bytes("{\"id\":\"g9:4\",\"move\":\"paper\"}"), 123L);
        assertThat(t.isOk()).as(t.reason()).isTrue();
        assertThat(t.value().value()).isEqualTo(1.0);
        assertThat(t.value().eventTimeMs()).isEqualTo(123L);
        assertThat(t.value().rps()).isEqualTo(new RpsRound(RpsRules.roundValue("g9", 4), false, null));
        assertThat(TaskProfile.of(Task.RPS).reader().read(bytes("{\"id\":\"no-round\",\"move\":\"rock\"}"), 0L)
                .value().rps().value()).as("no value, no points").isNull();
    }

    @Test
    void badRpsFeedbackNamesTheField() {
        Parsed<GroundTruth> t = TaskProfile.of(Task.RPS).reader().read(bytes("{\"id\":\"g1:4\",\"move\":\"lizard\"}"), 0L);
        assertThat(t.isOk()).isFalse();
        assertThat(t.reason()).contains("move");
    }

    @Test
    void aClassifierPlugsInWithAReaderAndAClassCount() {
        TaskProfile p = TaskProfile.classifier(Task.RPS, (value, ts) -> Parsed.ok(new GroundTruth("x", 2, ts, "{}")), 3);
        assertThat(p.classifier()).isTrue();
        assertThat(p.predictedBuckets()).containsExactly(0, 1, 2);
        assertThat(p.classes().cells()).isEqualTo(16);
        assertThatThrownBy(() -> TaskProfile.classifier(Task.RPS, (v, ts) -> null, 1)).hasMessageContaining("2 classes");
    }
}
