package io.hindsight.joiner;

import static io.hindsight.joiner.JoinerFixtures.SERVED_ALIAS;
import static io.hindsight.joiner.JoinerFixtures.SHADOW_ALIAS;
import static io.hindsight.joiner.JoinerFixtures.feedback;
import static io.hindsight.joiner.JoinerFixtures.prediction;
import static io.hindsight.joiner.JoinerFixtures.servedOnly;
import static io.hindsight.joiner.JoinerFixtures.sle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The join and the rolling metrics, driven record by record with explicit event and wall-clock times. */
class FeedbackJoinTopologyTest {
    /** A minute boundary, so window starts are T0 + whole minutes. */
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final JoinerConfig CONFIG = JoinerConfig.defaults(Task.CALORIES);
    static final TaskTopics TOPICS = Topics.calories();

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
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "joiner-test");
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

    void sendFeedback(String id, double calories, long eventTimeMs) {
        sendFeedback(id, feedback(id, calories, eventTimeMs), eventTimeMs);
    }

    void advanceWallClock(Duration d) {
        driver.advanceWallClockTime(d);
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

    @Nested
    class Matching {
        @Test
        void onTimeFeedbackScoresServedAndShadowOnce() {
            predict(prediction("a", 100, 120, T0), T0);
            sendFeedback("a", 80, T0 + 2 * MIN);

            List<TestRecord<String, ScoredRecord>> out = scored.readRecordsToList();
            assertThat(out).hasSize(2).allMatch(r -> r.key().equals("a"));
            ScoredRecord served = out.get(0).value();
            assertThat(served.alias()).isEqualTo(SERVED_ALIAS);
            assertThat(served.served()).isTrue();
            assertThat(served.version()).isEqualTo("v1");
            assertThat(served.predicted()).isEqualTo(100.0);
            assertThat(served.truth()).isEqualTo(80.0);
            assertThat(served.absError()).isEqualTo(20.0);
            assertThat(served.squaredLogError()).isCloseTo(sle(100, 80), within(1e-12));
            assertThat(served.correct()).isNull();
            assertThat(served.predictedTs()).isEqualTo(T0);
            assertThat(served.feedbackTs()).isEqualTo(T0 + 2 * MIN);
            assertThat(served.lagMs()).isEqualTo(2 * MIN);
            ScoredRecord shadow = out.get(1).value();
            assertThat(shadow.alias()).isEqualTo(SHADOW_ALIAS);
            assertThat(shadow.served()).isFalse();
            assertThat(shadow.absError()).isEqualTo(40.0);
            assertThat(shadow.squaredLogError()).isCloseTo(sle(120, 80), within(1e-12));
            assertThat(orphans.isEmpty()).isTrue();
        }

        @Test
        void feedbackFiftyMinutesAfterThePredictionStillMatches() {
            predict(prediction("late", 100, 120, T0), T0);
            advanceWallClock(Duration.ofMinutes(50));
            sendFeedback("late", 90, T0 + 50 * MIN);

            List<ScoredRecord> out = scored.readValuesToList();
            assertThat(out).hasSize(2);
            assertThat(out.get(0).lagMs()).isEqualTo(50 * MIN);
            assertThat(orphans.isEmpty()).isTrue();
        }

        @Test
        void feedbackThatArrivesBeforeItsPredictionIsHeldAndMatched() {
            sendFeedback("early", 80, T0 + MIN);
            advanceWallClock(Duration.ofMinutes(30));
            assertThat(scored.isEmpty()).isTrue();

            predict(prediction("early", 100, 120, T0), T0);

            List<ScoredRecord> out = scored.readValuesToList();
            assertThat(out).extracting(ScoredRecord::alias).containsExactly(SERVED_ALIAS, SHADOW_ALIAS);
            assertThat(out.get(0).lagMs()).isEqualTo(MIN);
            assertThat(orphans.isEmpty()).isTrue();
        }

        @Test
        void aNumericIdMatchesThePredictionKeyedByItsText() {
            predict(prediction("42", 100, 120, T0), T0);
            sendFeedback("42", "{\"id\":42,\"Calories\":100}", T0 + MIN);

            List<ScoredRecord> out = scored.readValuesToList();
            assertThat(out).hasSize(2);
            assertThat(out.get(0).absError()).isZero();
            // no ts in the feedback: its record timestamp is the event time
            assertThat(out.get(0).lagMs()).isEqualTo(MIN);
        }

        @Test
        void replayedPredictionsAreNotNewPredictions() {
            PredictionRecord original = prediction("r", 100, 120, T0);
            predict(original, T0);
            predict(original.asReplay(), T0 + 1000);
            predict(prediction("only-replayed", 100, 120, T0).asReplay(), T0);
            sendFeedback("r", 80, T0 + MIN);
            sendFeedback("only-replayed", 80, T0 + MIN);

            assertThat(scored.readValuesToList()).extracting(ScoredRecord::requestId).containsExactly("r", "r");
            advanceWallClock(CONFIG.horizon().plusMinutes(2)); // held from its record time, T0 + 1 min
            assertThat(orphans.readValuesToList()).singleElement()
                    .satisfies(o -> assertThat(o.requestId()).isEqualTo("only-replayed"))
                    .satisfies(o -> assertThat(o.reason()).isEqualTo(Orphan.UNKNOWN));
        }
    }

    @Nested
    class Orphans {
        @Test
        void aSecondFeedbackIsScoredOnceAndKeptAsDuplicate() {
            predict(prediction("dup", 100, 120, T0), T0);
            sendFeedback("dup", 80, T0 + MIN);
            String second = feedback("dup", 85, T0 + 2 * MIN);
            sendFeedback("dup", second, T0 + 2 * MIN);

            assertThat(scored.readValuesToList()).hasSize(2).allMatch(s -> s.truth() == 80.0);
            Orphan o = orphans.readValue();
            assertThat(o.reason()).isEqualTo(Orphan.DUPLICATE);
            assertThat(o.requestId()).isEqualTo("dup");
            assertThat(o.task()).isEqualTo("calories");
            assertThat(o.feedback()).isEqualTo(second);
            assertThat(o.feedbackTs()).isEqualTo(T0 + 2 * MIN);
            assertThat(orphans.isEmpty()).isTrue();
        }

        @Test
        void aScoredIdKeepsNoPredictionInTheStoreButStillKnowsItWasScored() {
            predict(prediction("kept", 100, 120, T0), T0);
            KeyValueStore<String, PendingPrediction> store = driver.getKeyValueStore(FeedbackJoinTopology.PREDICTIONS_STORE);
            assertThat(store.get("kept").prediction()).isNotNull();
            sendFeedback("kept", 80, T0 + MIN);

            PendingPrediction resolved = store.get("kept");
            assertThat(resolved.status()).isEqualTo(PendingPrediction.Status.SCORED);
            assertThat(resolved.prediction()).isNull();
            sendFeedback("kept", 85, T0 + 2 * MIN);
            assertThat(scored.readValuesToList()).hasSize(2);
            assertThat(orphans.readValue().reason()).isEqualTo(Orphan.DUPLICATE);
        }

        @Test
        void twoFeedbacksBeforeThePredictionScoreTheFirstOnly() {
            sendFeedback("dup-early", 80, T0 + MIN);
            sendFeedback("dup-early", 85, T0 + 2 * MIN);
            predict(prediction("dup-early", 100, 120, T0), T0);

            assertThat(scored.readValuesToList()).hasSize(2).allMatch(s -> s.truth() == 80.0);
            assertThat(orphans.readValuesToList()).extracting(Orphan::reason).containsExactly(Orphan.DUPLICATE);
        }

        @Test
        void earlyFeedbackIsHeldInTheIdsOneEntryAndReplacedByItsResolvedPrediction() {
            KeyValueStore<String, PendingPrediction> store = driver.getKeyValueStore(FeedbackJoinTopology.PREDICTIONS_STORE);
            sendFeedback("one-entry", 80, T0 + MIN);
            PendingPrediction held = store.get("one-entry");
            assertThat(held.status()).isEqualTo(PendingPrediction.Status.HELD);
            assertThat(held.held().value()).isEqualTo(80.0);
            assertThat(held.deadline()).isEqualTo(T0 + MIN + CONFIG.horizon().toMillis());

            predict(prediction("one-entry", 100, 120, T0), T0);
            assertThat(scored.readValuesToList()).hasSize(2).allMatch(s -> s.truth() == 80.0);
            assertThat(store.get("one-entry").status()).isEqualTo(PendingPrediction.Status.SCORED);
            // the feedback's index entry is stale now: passing its due time orphans nothing
            advanceWallClock(CONFIG.horizon().plusMinutes(2));
            assertThat(orphans.isEmpty()).isTrue();
        }

        @Test
        void feedbackHeldByAnEarlierJoinerInItsOwnStoreIsMovedAndStillMatchesOrExpires() {
            KeyValueStore<String, HeldFeedback> legacy = driver.getKeyValueStore(FeedbackJoinTopology.HELD_FEEDBACK_STORE);
            KeyValueStore<String, String> index = driver.getKeyValueStore(FeedbackJoinTopology.EXPIRY_INDEX_STORE);
            long holdUntil = T0 + CONFIG.horizon().toMillis();
            for (String id : List.of("legacy-match", "legacy-ghost")) {
                legacy.put(id, new HeldFeedback(new GroundTruth(id, 80, T0, feedback(id, 80, T0)), T0, holdUntil));
                index.put(ExpiryIndex.key(holdUntil, ExpiryIndex.FEEDBACK, id), "");
            }

            predict(prediction("legacy-match", 100, 120, T0), T0);
            assertThat(scored.readValuesToList()).extracting(ScoredRecord::requestId).containsExactly("legacy-match", "legacy-match");
            assertThat(legacy.all()).toIterable().isEmpty();
            assertThat(driver.<String, PendingPrediction>getKeyValueStore(FeedbackJoinTopology.PREDICTIONS_STORE)
                    .get("legacy-ghost").status()).isEqualTo(PendingPrediction.Status.HELD);

            advanceWallClock(CONFIG.horizon().plusMinutes(1));
            assertThat(orphans.readValuesToList()).extracting(o -> o.requestId() + "/" + o.reason())
                    .containsExactly("legacy-ghost/" + Orphan.UNKNOWN);
        }

        @Test
        void feedbackForAnIdNeverSeenIsUnknownOnceTheHorizonPasses() {
            sendFeedback("ghost", 80, T0);
            advanceWallClock(CONFIG.horizon().minusSeconds(1));
            assertThat(orphans.isEmpty()).isTrue();

            advanceWallClock(Duration.ofSeconds(2));
            Orphan o = orphans.readValue();
            assertThat(o.reason()).isEqualTo(Orphan.UNKNOWN);
            assertThat(o.requestId()).isEqualTo("ghost");
            assertThat(o.feedbackTs()).isEqualTo(T0);
            assertThat(scored.isEmpty()).isTrue();
        }

        @Test
        void feedbackAfterThePredictionExpiredIsExpired() {
            predict(prediction("gone", 100, 120, T0), T0);
            advanceWallClock(CONFIG.horizon().plusMinutes(1));
            sendFeedback("gone", 80, T0 + 61 * MIN);

            assertThat(orphans.readValuesToList()).extracting(Orphan::reason).containsExactly(Orphan.EXPIRED);
            assertThat(scored.isEmpty()).isTrue();
        }

        @Test
        void feedbackMeasuredBeyondTheHorizonIsExpiredEvenIfThePredictionIsStillHeld() {
            // e.g. a joiner catching up on a backlog: still in state, but too late on event time
            predict(prediction("too-late", 100, 120, T0), T0);
            sendFeedback("too-late", 80, T0 + 61 * MIN);

            assertThat(orphans.readValuesToList()).extracting(Orphan::reason).containsExactly(Orphan.EXPIRED);
            assertThat(scored.isEmpty()).isTrue();
            assertThat(latestWindows(SERVED_ALIAS).values()).allMatch(m -> m.expired() == 1 && m.matched() == 0);
        }
    }

    @Nested
    class DeadLetters {
        @Test
        void malformedFeedbackGoesToTheDlqWithItsReasonAndOriginalBytes() {
            sendFeedback("k1", "{not json", T0);
            sendFeedback("k2", "{\"id\":\"x\"}", T0);
            sendFeedback(null, "{\"id\":\"y\",\"Calories\":-5}", T0);

            List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).hasSize(3);
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k1");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(DlqHeaders.reason(dead.get(0).headers())).contains("malformed JSON");
            assertThat(DlqHeaders.reason(dead.get(1).headers())).contains("Calories");
            assertThat(dead.get(2).key()).isNull();
            assertThat(DlqHeaders.reason(dead.get(2).headers())).contains("Calories");
            for (TestRecord<byte[], byte[]> r : dead) {
                assertThat(header(r, DlqHeaders.STAGE)).isEqualTo("joiner");
                assertThat(header(r, DlqHeaders.SOURCE_TOPIC)).isEqualTo("calories.feedback");
            }
            assertThat(scored.isEmpty()).isTrue();
            assertThat(orphans.isEmpty()).isTrue();
        }

        @Test
        void goodFeedbackAfterBadStillMatches() {
            predict(prediction("fine", 100, 120, T0), T0);
            sendFeedback("fine", "{\"id\":\"fine\",\"Calories\":\"lots\"}", T0);
            sendFeedback("fine", 80, T0 + MIN);

            assertThat(dlq.readRecordsToList()).hasSize(1);
            assertThat(scored.readValuesToList()).hasSize(2);
        }

        private String header(TestRecord<byte[], byte[]> r, String name) {
            return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
        }
    }

    @Nested
    class RollingWindows {
        @Test
        void outcomesEitherSideOfAWindowEdgeLandInTheRightWindowsWithExactErrors() {
            predict(servedOnly("a", 100, T0), T0);
            predict(servedOnly("b", 50, T0), T0);
            sendFeedback("a", 80, T0 + 5 * MIN - 1);   // last ms of [T0, T0+5m)
            sendFeedback("b", 60, T0 + 5 * MIN);       // first ms of [T0+5m, T0+10m)

            Map<Long, RollingMetrics> byStart = new LinkedHashMap<>();
            latestWindows(SERVED_ALIAS).values().forEach(m -> byStart.put(m.windowStart(), m));
            assertThat(byStart.keySet()).containsExactlyInAnyOrder(
                    T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN, T0 + 4 * MIN, T0 + 5 * MIN);

            RollingMetrics onlyA = byStart.get(T0);
            assertThat(onlyA.matched()).isEqualTo(1);
            assertThat(onlyA.windowEnd()).isEqualTo(T0 + 5 * MIN);
            assertThat(onlyA.rmsle()).isCloseTo(Math.sqrt(sle(100, 80)), within(1e-12));
            assertThat(onlyA.mae()).isEqualTo(20.0);

            RollingMetrics onlyB = byStart.get(T0 + 5 * MIN);
            assertThat(onlyB.matched()).isEqualTo(1);
            assertThat(onlyB.rmsle()).isCloseTo(Math.sqrt(sle(50, 60)), within(1e-12));
            assertThat(onlyB.mae()).isEqualTo(10.0);

            for (long start = T0 + MIN; start <= T0 + 4 * MIN; start += MIN) {
                RollingMetrics both = byStart.get(start);
                assertThat(both.matched()).isEqualTo(2);
                assertThat(both.expired()).isZero();
                assertThat(both.coverage()).isEqualTo(1.0);
                assertThat(both.rmsle()).isCloseTo(Math.sqrt((sle(100, 80) + sle(50, 60)) / 2), within(1e-12));
                assertThat(both.mae()).isEqualTo(15.0);
                assertThat(both.meanPredicted()).isEqualTo(75.0);
                assertThat(both.task()).isEqualTo("calories");
                assertThat(both.family()).isEqualTo("xgboost");
                assertThat(both.version()).isEqualTo("v1");
            }
        }

        /** Outcomes are folded before the windows: a flush sends one partial per series and bucket. */
        @Test
        void manyOutcomesInOneFlushReachEachWindowOnceAndOnlyAtTheFlush() {
            for (int i = 0; i < 40; i++) {
                predict(servedOnly("m" + i, 100 + i, T0), T0);
                sendFeedback("m" + i, 100, T0 + MIN + i); // all in the bucket [T0+1m, T0+2m)
            }
            assertThat(rolling.readKeyValuesToList()).as("nothing before the flush").isEmpty();
            driver.advanceWallClockTime(CONFIG.commitInterval());
            var updates = rolling.readKeyValuesToList();
            // one partial for the served alias, added to the 5 windows it belongs to: 5 updates, not 40 x 5
            assertThat(updates).hasSize(5);
            assertThat(updates).allSatisfy(kv -> {
                assertThat(kv.value.matched()).isEqualTo(40);
                assertThat(kv.value.mae()).isEqualTo(19.5);
            });
            assertThat(updates).extracting(kv -> kv.value.windowStart())
                    .containsExactlyInAnyOrder(T0 - 3 * MIN, T0 - 2 * MIN, T0 - MIN, T0, T0 + MIN);
            driver.advanceWallClockTime(CONFIG.commitInterval());
            assertThat(rolling.readKeyValuesToList()).as("a flush with nothing new sends nothing").isEmpty();
        }

        @Test
        void servedAndShadowAggregateSeparatelyWithLagAndPredictedHistograms() {
            predict(prediction("h", 100, 120, T0), T0);
            sendFeedback("h", 80, T0 + 2 * MIN);

            RollingMetrics served = latestWindows(SERVED_ALIAS).get(
                    RollingMetrics.key("calories", "xgboost", "v1", SERVED_ALIAS, T0));
            assertThat(served.lagHistogramMs()).containsEntry("120000", 1L).containsEntry("+Inf", 0L);
            assertThat(served.lagHistogramMs().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
            // one sample in (90 s, 120 s]: p50 interpolates to the middle, p95 near the top
            assertThat(served.lagP50Ms()).isEqualTo(105_000.0);
            assertThat(served.lagP95Ms()).isEqualTo(118_500.0);
            assertThat(served.predictedHistogram()).containsEntry("100", 1L);
            assertThat(served.meanPredicted()).isEqualTo(100.0);

            RollingMetrics shadow = latestWindows(SHADOW_ALIAS).get(
                    RollingMetrics.key("calories", "xgboost", "v2", SHADOW_ALIAS, T0));
            assertThat(shadow.mae()).isEqualTo(40.0);
            assertThat(shadow.predictedHistogram()).containsEntry("125", 1L);
        }

        @Test
        void aPredictionExpiringUnmatchedLowersCoverage() {
            predict(prediction("unmatched", 100, 120, T0), T0);
            predict(prediction("matched", 100, 120, T0 + 59 * MIN), T0 + 59 * MIN);
            advanceWallClock(CONFIG.horizon().plusSeconds(1));       // "unmatched" expires at T0 + 60m
            sendFeedback("matched", 80, T0 + 60 * MIN + 10_000);

            Map<String, RollingMetrics> windows = latestWindows(SERVED_ALIAS);
            assertThat(windows.values()).extracting(RollingMetrics::windowStart).containsExactlyInAnyOrder(
                    T0 + 56 * MIN, T0 + 57 * MIN, T0 + 58 * MIN, T0 + 59 * MIN, T0 + 60 * MIN);
            assertThat(windows.values()).allSatisfy(m -> {
                assertThat(m.matched()).isEqualTo(1);
                assertThat(m.expired()).isEqualTo(1);
                assertThat(m.coverage()).isEqualTo(0.5);
                assertThat(m.mae()).isEqualTo(20.0);
            });
            assertThat(latestWindows(SHADOW_ALIAS).values()).hasSize(5)
                    .allSatisfy(m -> assertThat(m.coverage()).isEqualTo(0.5));
        }
    }

    /** Feedback already on its join partition is joined there; any other goes through the repartition topic. */
    @Nested
    class Placement {
        /** The test driver reads every input topic as partition 0. */
        static final int DRIVER_PARTITION = 0;
        static final String REPARTITION = "joiner-test-feedback-by-request-id-repartition";

        @Test
        void onlyFeedbackOffItsJoinPartitionIsRepartitionedAndBothAreScoredOnce() {
            String home = idWhoseJoinPartitionIs(true);
            String away = idWhoseJoinPartitionIs(false);
            predict(prediction(home, 100, 120, T0), T0);
            predict(prediction(away, 100, 120, T0), T0);
            sendFeedback(home, 80, T0 + MIN);
            sendFeedback(away, 80, T0 + MIN);
            sendFeedback(home, 81, T0 + MIN); // duplicates, by either path
            sendFeedback(away, 81, T0 + MIN);

            assertThat(scored.readValuesToList()).extracting(s -> s.requestId() + "/" + s.alias()).containsExactlyInAnyOrder(
                    home + "/" + SERVED_ALIAS, home + "/" + SHADOW_ALIAS, away + "/" + SERVED_ALIAS, away + "/" + SHADOW_ALIAS);
            assertThat(orphans.readValuesToList()).extracting(o -> o.requestId() + "/" + o.reason())
                    .containsExactlyInAnyOrder(home + "/" + Orphan.DUPLICATE, away + "/" + Orphan.DUPLICATE);
            TestOutputTopic<String, byte[]> repartitioned = driver.createOutputTopic(REPARTITION,
                    new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer());
            assertThat(repartitioned.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(away, away);
        }

        @Test
        void feedbackOnItsJoinPartitionIsHeldUntilItsPredictionAndExpiresUnknownWithout() {
            String early = idWhoseJoinPartitionIs(true);
            String never = "never-" + early;
            while (FeedbackPlacement.joinPartition(never, TOPICS.predictions().partitions()) != DRIVER_PARTITION) {
                never = "x" + never;
            }
            sendFeedback(early, 80, T0 + MIN);
            sendFeedback(never, 80, T0 + MIN);
            predict(prediction(early, 100, 120, T0), T0);
            assertThat(scored.readValuesToList()).extracting(ScoredRecord::requestId).containsExactly(early, early);

            advanceWallClock(CONFIG.horizon().plus(CONFIG.expiryInterval()).plusMinutes(1));
            assertThat(orphans.readValuesToList()).extracting(o -> o.requestId() + "/" + o.reason())
                    .containsExactly(never + "/" + Orphan.UNKNOWN);
        }

        private String idWhoseJoinPartitionIs(boolean driverPartition) {
            for (int i = 0; ; i++) {
                String id = "place-" + i;
                boolean onDriverPartition = FeedbackPlacement.joinPartition(id, TOPICS.predictions().partitions()) == DRIVER_PARTITION;
                if (onDriverPartition == driverPartition) {
                    return id;
                }
            }
        }
    }

    @Test
    void processorsAreNamed() {
        StreamsBuilder builder = new StreamsBuilder();
        FeedbackJoinTopology.build(builder, CONFIG);
        String description = builder.build().describe().toString();
        assertThat(description).contains("join-prediction-feedback", "validate-feedback", "feedback-dlq-sink", "place-feedback",
                "scored-sink", "orphans-sink", "pre-aggregate-rolling-metrics", "aggregate-rolling-metrics", "rolling-metrics-sink");
        assertThat(description).doesNotContain("KSTREAM-");
    }
}
