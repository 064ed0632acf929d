package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rps joiner: every output (served and the three others) is scored on the player's move and on the
 * points the bot would have made with it; the game's outcome goes to the served output only; fallback
 * outputs (no model) are skipped.
 */
class RpsJoinTopologyTest {
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final JoinerConfig CONFIG = JoinerConfig.defaults(Task.RPS);
    static final TaskTopics TOPICS = Topics.of(Task.RPS);
    static final String FAMILY = RpsRules.LOGAN;
    // The player's move as a model sees it: rock 0, paper 1, scissors 2.
    static final List<Double> SAYS_ROCK = List.of(0.8, 0.1, 0.1);      // bot plays paper
    static final List<Double> SAYS_PAPER = List.of(0.1, 0.8, 0.1);     // bot plays scissors
    static final List<Double> SAYS_SCISSORS = List.of(0.1, 0.1, 0.8);  // bot plays rock

    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, PredictionRecord> predictions;
    TestInputTopic<byte[], byte[]> feedback;
    TestOutputTopic<String, ScoredRecord> scored;
    TestOutputTopic<String, Orphan> orphans;
    TestOutputTopic<String, RollingMetrics> rolling;
    final Map<String, RollingMetrics> rollingLatest = new LinkedHashMap<>();

    @BeforeEach
    void startDriver() {
        StreamsBuilder builder = new StreamsBuilder();
        FeedbackJoinTopology.build(builder, CONFIG);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "joiner-rps-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(T0));
        Topic<String, PredictionRecord> p = TOPICS.predictions();
        predictions = driver.createInputTopic(p.name(), p.keySerde().serializer(), p.valueSerde().serializer());
        feedback = driver.createInputTopic(TOPICS.feedback().name(), new ByteArraySerializer(), new ByteArraySerializer());
        scored = driver.createOutputTopic(TOPICS.scored().name(), TOPICS.scored().keySerde().deserializer(),
                TOPICS.scored().valueSerde().deserializer());
        orphans = driver.createOutputTopic(TOPICS.orphans().name(), TOPICS.orphans().keySerde().deserializer(),
                TOPICS.orphans().valueSerde().deserializer());
        rolling = driver.createOutputTopic(Topics.METRICS_ROLLING.name(), Topics.METRICS_ROLLING.keySerde().deserializer(),
                Topics.METRICS_ROLLING.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    static ModelOutput output(String version, String alias, List<Double> scores) {
        int argmax = 0;
        for (int i = 1; i < scores.size(); i++) {
            argmax = scores.get(i) > scores.get(argmax) ? i : argmax;
        }
        return new ModelOutput(FAMILY, version, alias, argmax, scores);
    }

    /** Production serves and says rock; B says paper, shadow1 scissors, shadow2 rock. */
    static PredictionRecord round(String id, long ts) {
        return new PredictionRecord(id, "rps", output("p1", "Production", SAYS_ROCK),
                List.of(output("b1", "B", SAYS_PAPER), output("s1", "shadow1", SAYS_SCISSORS),
                        output("s2", "shadow2", SAYS_ROCK)),
                ts - 3, ts, false);
    }

    void predict(PredictionRecord p) {
        predictions.pipeInput(p.requestId(), p, p.predictedTs());
    }

    void send(String json, long ts) {
        feedback.pipeInput(null, json.getBytes(StandardCharsets.UTF_8), ts);
    }

    static String move(String gameId, int round, String move, double value, boolean gameOver, String winner, long ts) {
        return String.format(Locale.ROOT,
                "{\"id\":\"%s:%d\",\"move\":\"%s\",\"gameId\":\"%s\",\"round\":%d,\"value\":%s,\"bot\":\"paper\","
                        + "\"gameOver\":%s,\"winner\":%s,\"ts\":%.3f}",
                gameId, round, move, gameId, round, value, gameOver, winner == null ? "null" : "\"" + winner + "\"", ts / 1000.0);
    }

    RollingMetrics window(String version, String alias, long start) {
        // Outcomes reach the windows when the pre-aggregated partials are flushed, once per commit interval.
        driver.advanceWallClockTime(CONFIG.commitInterval());
        for (var kv : rolling.readKeyValuesToList()) {
            rollingLatest.put(kv.key, kv.value);
        }
        return rollingLatest.get(RollingMetrics.key("rps", FAMILY, version, alias, start));
    }

    @Test
    void theServedOutputAndThreeShadowsAreEachScoredOnTheMoveAndThePointsTheBotWouldHaveMade() {
        predict(round("g1:4", T0));
        send(move("g1", 4, "rock", 1.5, false, null, T0 + 2_000), T0 + 2_000);

        List<ScoredRecord> out = scored.readValuesToList();
        assertThat(out).extracting(ScoredRecord::alias).containsExactly("Production", "B", "shadow1", "shadow2");
        assertThat(out).extracting(ScoredRecord::served).containsExactly(true, false, false, false);
        assertThat(out).extracting(ScoredRecord::truth).containsOnly(0.0);                   // rock
        assertThat(out).extracting(ScoredRecord::correct).containsExactly(true, false, false, true);
        // bot: paper beats rock +1.5; scissors loses to rock -1.5; rock ties 0; paper again +1.5
        assertThat(out).extracting(ScoredRecord::points).containsExactly(1.5, -1.5, 0.0, 1.5);
        assertThat(out).extracting(ScoredRecord::gameWon).containsOnlyNulls();              // not the last round
        assertThat(out).extracting(ScoredRecord::lagMs).containsOnly(2_000L);
        assertThat(new WireReader<>(TOPICS.scored().schema(), ScoredRecord.class)
                .validate(Json.tree(Json.write(out.get(1))))).isEmpty();
    }

    @Test
    void theGameOutcomeGoesToTheServedOutputOnlyOnTheLastRound() {
        predict(round("g1:11", T0));
        send(move("g1", 11, "scissors", 2.0, true, "bot", T0 + 1_000), T0 + 1_000);
        predict(round("g2:9", T0 + 5_000));
        send(move("g2", 9, "paper", 1.0, true, "player", T0 + 6_000), T0 + 6_000);

        List<ScoredRecord> out = scored.readValuesToList();
        assertThat(out).hasSize(8);
        assertThat(out.subList(0, 4)).extracting(ScoredRecord::gameWon).containsExactly(true, null, null, null);
        assertThat(out.subList(4, 8)).extracting(ScoredRecord::gameWon).containsExactly(false, null, null, null);
        // scissors: paper loses -2, scissors ties 0, rock wins +2, paper loses -2
        assertThat(out.subList(0, 4)).extracting(ScoredRecord::points).containsExactly(-2.0, 0.0, 2.0, -2.0);
    }

    @Test
    void withoutAValueInTheFeedbackTheRulesGiveTheRoundsValueFromItsId() {
        predict(round("g7:5", T0));
        send("{\"id\":\"g7:5\",\"move\":\"rock\"}", T0 + 1_000);
        double v = RpsRules.roundValue("g7", 5);

        assertThat(scored.readValuesToList()).extracting(ScoredRecord::points).containsExactly(v, -v, 0.0, v);
    }

    @Test
    void fallbackOutputsAreNeitherScoredNorExpiredIntoAnyMetric() {
        ModelOutput fallback = new ModelOutput(FAMILY, "fallback", "Production", 1, List.of(1 / 3.0, 1 / 3.0, 1 / 3.0));
        predict(new PredictionRecord("g3:4", "rps", fallback, List.of(output("s1", "shadow1", SAYS_ROCK)), T0 - 3, T0, false));
        send(move("g3", 4, "rock", 1.0, true, "bot", T0 + 1_000), T0 + 1_000);
        predict(new PredictionRecord("g4:4", "rps", fallback, List.of(), T0 - 3, T0, false));
        driver.advanceWallClockTime(CONFIG.horizon().plusSeconds(1));   // g4:4 expires unmatched

        assertThat(scored.readValuesToList()).singleElement().satisfies(s -> {
            assertThat(s.alias()).isEqualTo("shadow1");
            assertThat(s.points()).isEqualTo(1.0);
            assertThat(s.gameWon()).as("a shadow never finishes a game").isNull();
        });
        assertThat(window("fallback", "Production", T0)).isNull();
        assertThat(rollingLatest.values()).extracting(RollingMetrics::version).containsOnly("s1");
        assertThat(orphans.readValuesToList()).isEmpty();
    }

    @Test
    void rollingMetricsCarryMoveAccuracyPointsPerRoundAndGames() {
        predict(round("g1:4", T0));
        send(move("g1", 4, "rock", 1.5, false, null, T0 + 1_000), T0 + 1_000);      // Production +1.5
        predict(round("g1:5", T0 + 2_000));
        send(move("g1", 5, "paper", 1.0, true, "bot", T0 + 3_000), T0 + 3_000);     // Production: bot paper ties paper, 0
        predict(round("g2:4", T0 + 4_000));
        send(move("g2", 4, "scissors", 2.0, true, "player", T0 + 5_000), T0 + 5_000); // Production -2

        RollingMetrics production = window("p1", "Production", T0);
        assertThat(production.matched()).isEqualTo(3);
        assertThat(production.accuracy()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(production.pointsPerRound()).isCloseTo((1.5 + 0.0 - 2.0) / 3, within(1e-9));
        assertThat(production.games()).isEqualTo(2);
        assertThat(production.gamesWon()).isEqualTo(1);
        assertThat(production.winRate()).isEqualTo(0.5);

        RollingMetrics b = window("b1", "B", T0);
        assertThat(b.matched()).isEqualTo(3);
        assertThat(b.accuracy()).isCloseTo(1 / 3.0, within(1e-9));                   // said paper, right once
        assertThat(b.pointsPerRound()).isCloseTo((-1.5 + 1.0 + 0.0) / 3, within(1e-9)); // scissors vs rock, paper, scissors
        assertThat(b.games()).as("shadows finish no game").isZero();
        assertThat(new WireReader<>(Topics.METRICS_ROLLING.schema(), RollingMetrics.class)
                .validate(Json.tree(Json.write(production)))).isEmpty();
    }

    @Test
    void badRpsFeedbackGoesToTheDlq() {
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(TOPICS.feedback().dlq().name(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        send("{\"id\":\"g1:4\",\"move\":\"lizard\"}", T0);
        assertThat(dlq.readValuesToList()).hasSize(1);
        assertThat(scored.isEmpty()).isTrue();
    }
}
