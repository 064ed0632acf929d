package io.hindsight.joiner;

import static io.hindsight.joiner.JoinerFixtures.DIGITS_FAMILY;
import static io.hindsight.joiner.JoinerFixtures.SERVED_ALIAS;
import static io.hindsight.joiner.JoinerFixtures.SHADOW_ALIAS;
import static io.hindsight.joiner.JoinerFixtures.digitOutput;
import static io.hindsight.joiner.JoinerFixtures.digitsDraft;
import static io.hindsight.joiner.JoinerFixtures.digitsFeedback;
import static io.hindsight.joiner.JoinerFixtures.digitsPrediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digits joiner: classification scoring, accuracy and confusion per window, drafts, DLQ and coverage. */
class DigitsJoinTopologyTest {
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final JoinerConfig CONFIG = JoinerConfig.defaults(Task.DIGITS);
    static final TaskTopics TOPICS = Topics.of(Task.DIGITS);

    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, PredictionRecord> predictions;
    TestInputTopic<byte[], byte[]> feedback;
    TestOutputTopic<String, ScoredRecord> scored;
    TestOutputTopic<String, Orphan> orphans;
    TestOutputTopic<byte[], byte[]> dlq;
    TestOutputTopic<String, RollingMetrics> rolling;
    final Map<String, RollingMetrics> rollingLatest = new LinkedHashMap<>();

    @BeforeEach
    void startDriver() {
        StreamsBuilder builder = new StreamsBuilder();
        FeedbackJoinTopology.build(builder, CONFIG);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "joiner-digits-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0); // every window update visible
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(T0));
        Topic<String, PredictionRecord> p = TOPICS.predictions();
        predictions = driver.createInputTopic(p.name(), p.keySerde().serializer(), p.valueSerde().serializer());
        feedback = driver.createInputTopic(TOPICS.feedback().name(), new ByteArraySerializer(), new ByteArraySerializer());
        scored = driver.createOutputTopic(TOPICS.scored().name(), TOPICS.scored().keySerde().deserializer(),
                TOPICS.scored().valueSerde().deserializer());
        orphans = driver.createOutputTopic(TOPICS.orphans().name(), TOPICS.orphans().keySerde().deserializer(),
                TOPICS.orphans().valueSerde().deserializer());
        dlq = driver.createOutputTopic(TOPICS.feedback().dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        rolling = driver.createOutputTopic(Topics.METRICS_ROLLING.name(), Topics.METRICS_ROLLING.keySerde().deserializer(),
                Topics.METRICS_ROLLING.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    void predict(PredictionRecord p, long recordTs) {
        predictions.pipeInput(p.requestId(), p, recordTs);
    }

    void sendFeedback(String key, String json, long recordTs) {
        feedback.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), recordTs);
    }

    void sendLabel(String id, int label, long eventTimeMs) {
        sendFeedback(id, digitsFeedback(id, label, eventTimeMs), eventTimeMs);
    }

    /** The last update of each window, by metrics.rolling key, for one alias. */
    Map<String, RollingMetrics> latestWindows(String alias) {
        // Outcomes reach the windows when the pre-aggregated partials are flushed, once per commit interval.
        driver.advanceWallClockTime(CONFIG.commitInterval());
        for (var kv : rolling.readKeyValuesToList()) {
            rollingLatest.put(kv.key, kv.value);
        }
        Map<String, RollingMetrics> latest = new LinkedHashMap<>();
        rollingLatest.forEach((k, v) -> {
            if (v.alias().equals(alias)) {
                latest.put(k, v);
            }
        });
        return latest;
    }

    RollingMetrics window(String version, String alias, long start) {
        return latestWindows(alias).get(RollingMetrics.key("digits", DIGITS_FAMILY, version, alias, start));
    }

    @Nested
    class Scored {
        @Test
        void aRightAndAWrongGuessAreScoredPerOutputWithTheCorrectFlag() {
            predict(digitsPrediction("a", 7, 1, T0), T0);
            sendLabel("a", 7, T0 + 20_000);

            List<TestRecord<String, ScoredRecord>> out = scored.readRecordsToList();
            assertThat(out).hasSize(2).allMatch(r -> r.key().equals("a"));
            ScoredRecord served = out.get(0).value();
            assertThat(served.task()).isEqualTo("digits");
            assertThat(served.family()).isEqualTo(DIGITS_FAMILY);
            assertThat(served.version()).isEqualTo("v1");
            assertThat(served.alias()).isEqualTo(SERVED_ALIAS);
            assertThat(served.served()).isTrue();
            assertThat(served.predicted()).isEqualTo(7.0);
            assertThat(served.truth()).isEqualTo(7.0);
            assertThat(served.correct()).isTrue();
            assertThat(served.absError()).isZero();              // 0/1 loss
            assertThat(served.squaredLogError()).isNull();       // regression only
            assertThat(served.predictedTs()).isEqualTo(T0);
            assertThat(served.feedbackTs()).isEqualTo(T0 + 20_000);
            assertThat(served.lagMs()).isEqualTo(20_000);

            ScoredRecord shadow = out.get(1).value();
            assertThat(shadow.alias()).isEqualTo(SHADOW_ALIAS);
            assertThat(shadow.served()).isFalse();
            assertThat(shadow.version()).isEqualTo("v2");
            assertThat(shadow.predicted()).isEqualTo(1.0);
            assertThat(shadow.truth()).isEqualTo(7.0);
            assertThat(shadow.correct()).isFalse();
            assertThat(shadow.absError()).isEqualTo(1.0);
            assertThat(shadow.squaredLogError()).isNull();
            assertThat(orphans.isEmpty()).isTrue();
        }

        @Test
        void everyShadowIsScoredAfterTheServedOutput() {
            PredictionRecord p = new PredictionRecord("multi", "digits", digitOutput("v1", SERVED_ALIAS, 4),
                    List.of(digitOutput("v2", SHADOW_ALIAS, 4), digitOutput("v3", "shadow2", 9)), T0 - 3, T0, false, false);
            predict(p, T0);
            sendLabel("multi", 4, T0 + MIN);

            assertThat(scored.readValuesToList())
                    .extracting(s -> s.alias() + "/" + s.version() + "/" + s.correct())
                    .containsExactly(SERVED_ALIAS + "/v1/true", SHADOW_ALIAS + "/v2/true", "shadow2/v3/false");
        }

        @Test
        void aLabelWithoutTsTakesItsRecordTimeAndANumericIdMatches() {
            predict(digitsPrediction("42", 3, 3, T0), T0);
            sendFeedback(null, "{\"id\":42,\"label\":3}", T0 + MIN);

            List<ScoredRecord> out = scored.readValuesToList();
            assertThat(out).hasSize(2).allMatch(s -> s.correct() && s.lagMs() == MIN);
        }

        @Test
        void aSecondLabelIsScoredOnceAndKeptAsDuplicate() {
            predict(digitsPrediction("dup", 7, 7, T0), T0);
            sendLabel("dup", 7, T0 + MIN);
            String second = digitsFeedback("dup", 1, T0 + 2 * MIN);
            sendFeedback("dup", second, T0 + 2 * MIN);

            assertThat(scored.readValuesToList()).hasSize(2).allMatch(s -> s.truth() == 7.0 && s.correct());
            Orphan o = orphans.readValue();
            assertThat(o.reason()).isEqualTo(Orphan.DUPLICATE);
            assertThat(o.task()).isEqualTo("digits");
            assertThat(o.feedback()).isEqualTo(second);
        }
    }

    @Nested
    class RollingWindows {
        @Test
        void accuracyAndConfusionCountsPerWindowForServedAndShadowApart() {
            predict(digitsPrediction("a", 7, 1, T0), T0);     // truth 7: served right, shadow wrong
            predict(digitsPrediction("b", 3, 3, T0), T0);     // truth 8: both wrong
            predict(digitsPrediction("c", 1, 1, T0), T0);     // truth 1: both right
            predict(digitsPrediction("d", 7, 7, T0), T0);     // truth 7: both right
            sendLabel("a", 7, T0 + 10_000);
            sendLabel("b", 8, T0 + 20_000);
            sendLabel("c", 1, T0 + 30_000);
            sendLabel("d", 7, T0 + 40_000);

            RollingMetrics served = window("v1", SERVED_ALIAS, T0);
            assertThat(served.task()).isEqualTo("digits");
            assertThat(served.windowEnd()).isEqualTo(T0 + 5 * MIN);
            assertThat(served.matched()).isEqualTo(4);
            assertThat(served.expired()).isZero();
            assertThat(served.coverage()).isEqualTo(1.0);
            assertThat(served.accuracy()).isEqualTo(0.75);
            assertThat(served.mae()).isEqualTo(0.25);            // the error rate
            assertThat(served.rmsle()).isZero();                 // no regression in a classifier's window
            assertThat(served.confusion()).containsOnly(
                    Map.entry("7>7", 2L), Map.entry("8>3", 1L), Map.entry("1>1", 1L));
            assertThat(served.predictedHistogram()).hasSize(11)
                    .containsEntry("1", 1L).containsEntry("3", 1L).containsEntry("7", 2L)
                    .containsEntry("0", 0L).containsEntry("9", 0L).containsEntry("+Inf", 0L);
            // lag exactly as for calories: 10, 20, 30 and 40 s
            assertThat(served.lagHistogramMs()).containsEntry("10000", 1L).containsEntry("30000", 2L)
                    .containsEntry("45000", 1L);
            assertThat(served.lagP50Ms()).isEqualTo(22_500.0);

            RollingMetrics shadow = window("v2", SHADOW_ALIAS, T0);
            assertThat(shadow.matched()).isEqualTo(4);
            assertThat(shadow.accuracy()).isEqualTo(0.5);
            assertThat(shadow.confusion()).containsOnly(
                    Map.entry("7>1", 1L), Map.entry("8>3", 1L), Map.entry("1>1", 1L), Map.entry("7>7", 1L));
        }

        @Test
        void confusionCountsStayInTheirWindows() {
            predict(digitsPrediction("early", 2, 2, T0), T0);
            predict(digitsPrediction("late", 5, 5, T0 + 5 * MIN), T0 + 5 * MIN);
            sendLabel("early", 2, T0 + 5 * MIN - 1);          // last ms of [T0, T0+5m)
            sendLabel("late", 6, T0 + 5 * MIN);               // first ms of [T0+5m, T0+10m)

            assertThat(window("v1", SERVED_ALIAS, T0).confusion()).containsOnly(Map.entry("2>2", 1L));
            assertThat(window("v1", SERVED_ALIAS, T0).accuracy()).isEqualTo(1.0);
            assertThat(window("v1", SERVED_ALIAS, T0 + MIN).confusion()).containsOnly(Map.entry("2>2", 1L), Map.entry("6>5", 1L));
            assertThat(window("v1", SERVED_ALIAS, T0 + MIN).accuracy()).isEqualTo(0.5);
            assertThat(window("v1", SERVED_ALIAS, T0 + 5 * MIN).confusion()).containsOnly(Map.entry("6>5", 1L));
            assertThat(window("v1", SERVED_ALIAS, T0 + 5 * MIN).accuracy()).isZero();
        }

        @Test
        void aPredictedValueThatIsNoClassIsWrongAndCountsAsOther() {
            PredictionRecord broken = new PredictionRecord("broken", "digits", digitOutput("v1", SERVED_ALIAS, 12),
                    List.of(digitOutput("v2", SHADOW_ALIAS, 6.5)), T0 - 3, T0, false, false);
            predict(broken, T0);
            sendLabel("broken", 6, T0 + MIN);

            assertThat(scored.readValuesToList()).hasSize(2).allMatch(s -> !s.correct() && s.absError() == 1.0);
            assertThat(window("v1", SERVED_ALIAS, T0).confusion()).containsOnly(Map.entry("6>other", 1L));
            assertThat(window("v1", SERVED_ALIAS, T0).predictedHistogram()).containsEntry("+Inf", 1L);
            assertThat(window("v2", SHADOW_ALIAS, T0).confusion()).containsOnly(Map.entry("6>other", 1L));
        }

        @Test
        void aPredictionExpiringUnmatchedLowersCoverageButNotAccuracy() {
            predict(digitsPrediction("unmatched", 4, 4, T0), T0);
            predict(digitsPrediction("matched", 9, 4, T0 + 59 * MIN), T0 + 59 * MIN);
            driver.advanceWallClockTime(CONFIG.horizon().plusSeconds(1));   // "unmatched" expires at T0 + 60m
            sendLabel("matched", 9, T0 + 60 * MIN + 10_000);

            Map<String, RollingMetrics> windows = latestWindows(SERVED_ALIAS);
            assertThat(windows.values()).extracting(RollingMetrics::windowStart).containsExactlyInAnyOrder(
                    T0 + 56 * MIN, T0 + 57 * MIN, T0 + 58 * MIN, T0 + 59 * MIN, T0 + 60 * MIN);
            assertThat(windows.values()).allSatisfy(m -> {
                assertThat(m.matched()).isEqualTo(1);
                assertThat(m.expired()).isEqualTo(1);
                assertThat(m.coverage()).isEqualTo(0.5);
                assertThat(m.accuracy()).isEqualTo(1.0);
                assertThat(m.confusion()).containsOnly(Map.entry("9>9", 1L));   // expired outputs have no truth
            });
            assertThat(latestWindows(SHADOW_ALIAS).values()).hasSize(5).allSatisfy(m -> {
                assertThat(m.coverage()).isEqualTo(0.5);
                assertThat(m.accuracy()).isZero();
                assertThat(m.confusion()).containsOnly(Map.entry("9>4", 1L));
            });
            assertThat(scored.readValuesToList()).extracting(ScoredRecord::requestId).containsOnly("matched");
        }

        @Test
        void theRollingRecordIsValidAgainstItsSchema() {
            predict(digitsPrediction("s", 7, 1, T0), T0);
            sendLabel("s", 7, T0 + MIN);
            RollingMetrics m = window("v2", SHADOW_ALIAS, T0);
            var node = Json.tree(Json.write(m));
            assertThat(new WireReader<>(Topics.METRICS_ROLLING.schema(), RollingMetrics.class)
                    .validate(node)).isEmpty();
            assertThat(node.get("confusion").get("7>1").asLong()).isEqualTo(1L);
            ScoredRecord s = scored.readValuesToList().get(1);
            assertThat(new WireReader<>(TOPICS.scored().schema(), ScoredRecord.class)
                    .validate(Json.tree(Json.write(s)))).isEmpty();
        }
    }

    @Nested
    class Drafts {
        @Test
        void aDraftIsNeverScoredNorExpiredNorCounted() {
            predict(digitsDraft("d", 4, 4, T0), T0);
            predict(digitsDraft("d", 9, 9, T0 + 1000), T0 + 1000);  // the guess moves as the person draws
            sendLabel("d", 4, T0 + MIN);                              // held: no scorable prediction named "d"

            driver.advanceWallClockTime(CONFIG.horizon().plusMinutes(2));

            assertThat(scored.isEmpty()).isTrue();
            assertThat(latestWindows(SERVED_ALIAS)).as("no expired outputs, no matches").isEmpty();
            assertThat(latestWindows(SHADOW_ALIAS)).isEmpty();
            // the label found no prediction it could score: kept, as for any unknown id
            assertThat(orphans.readValuesToList()).singleElement()
                    .satisfies(o -> assertThat(o.reason()).isEqualTo(Orphan.UNKNOWN))
                    .satisfies(o -> assertThat(o.requestId()).isEqualTo("d"));
        }

        @Test
        void draftsBeforeAndAfterTheFinalPredictionOfTheSameIdLeaveItToBeScoredOnce() {
            predict(digitsDraft("s", 2, 2, T0), T0);
            predict(digitsPrediction("s", 3, 8, T0 + 2000), T0 + 2000);
            predict(digitsDraft("s", 5, 5, T0 + 3000), T0 + 3000);     // a straggling draft
            sendLabel("s", 3, T0 + 10_000);

            assertThat(scored.readValuesToList())
                    .extracting(s -> s.alias() + "/" + (int) s.predicted() + "/" + s.correct())
                    .containsExactly(SERVED_ALIAS + "/3/true", SHADOW_ALIAS + "/8/false");
            assertThat(orphans.isEmpty()).isTrue();
            RollingMetrics served = window("v1", SERVED_ALIAS, T0);
            assertThat(served.matched()).isEqualTo(1);
            assertThat(served.confusion()).containsOnly(Map.entry("3>3", 1L));
        }

        @Test
        void anUnansweredDraftDoesNotLowerCoverage() {
            predict(digitsDraft("abandoned", 1, 1, T0), T0);
            predict(digitsPrediction("kept", 1, 1, T0), T0);
            driver.advanceWallClockTime(CONFIG.horizon().plusSeconds(1));

            // only the non-draft expires
            assertThat(latestWindows(SERVED_ALIAS).values()).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.expired()).isEqualTo(1));
        }
    }

    @Nested
    class DeadLetters {
        @Test
        void badDigitsFeedbackGoesToTheDlqWithItsReasonAndOriginalBytes() {
            sendFeedback("k1", "{not json", T0);
            sendFeedback("k2", "{\"id\":\"x\",\"label\":10}", T0);
            sendFeedback("k3", "{\"id\":\"y\",\"label\":\"seven\"}", T0);
            sendFeedback(null, "{\"id\":\"z\"}", T0);
            sendFeedback(null, "{\"label\":3}", T0);
            sendFeedback(null, "{\"id\":\"w\",\"label\":2.5}", T0);

            List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).hasSize(6);
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k1");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(DlqHeaders.reason(dead.get(0).headers())).contains("malformed JSON");
            assertThat(DlqHeaders.reason(dead.get(1).headers())).contains("label");
            assertThat(DlqHeaders.reason(dead.get(2).headers())).contains("label");
            assertThat(DlqHeaders.reason(dead.get(3).headers())).contains("label");
            assertThat(DlqHeaders.reason(dead.get(4).headers())).contains("id");
            assertThat(DlqHeaders.reason(dead.get(5).headers())).contains("label");
            for (TestRecord<byte[], byte[]> r : dead) {
                assertThat(header(r, DlqHeaders.STAGE)).isEqualTo("joiner");
                assertThat(header(r, DlqHeaders.SOURCE_TOPIC)).isEqualTo("digits.feedback");
            }
            assertThat(scored.isEmpty()).isTrue();
            assertThat(orphans.isEmpty()).isTrue();
        }

        @Test
        void goodFeedbackAfterBadStillMatches() {
            predict(digitsPrediction("fine", 0, 0, T0), T0);
            sendFeedback("fine", "{\"id\":\"fine\",\"label\":-1}", T0);
            sendLabel("fine", 0, T0 + MIN);

            assertThat(dlq.readRecordsToList()).hasSize(1);
            assertThat(scored.readValuesToList()).hasSize(2).allMatch(ScoredRecord::correct);
            assertThat(window("v1", SERVED_ALIAS, T0).confusion()).containsOnly(Map.entry("0>0", 1L));
        }

        private String header(TestRecord<byte[], byte[]> r, String name) {
            return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDigitsTopologyReadsAndWritesTheDigitsTopics() {
        StreamsBuilder builder = new StreamsBuilder();
        FeedbackJoinTopology.build(builder, CONFIG);
        String description = builder.build().describe().toString();
        assertThat(description).contains("digits.predictions", "digits.feedback", "digits.feedback.dlq", "digits.scored",
                "digits.orphans", "metrics.rolling", "drop-draft-predictions");
    }
}
