package io.hindsight.rps;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.rps.BotPolicy;
import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Gambit;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RoundLog;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsFeatures;
import io.hindsight.contracts.rps.RpsFeedback;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.contracts.rps.RpsRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A game's life on the TopologyTestDriver: gambit, request, prediction, commitment, the end, and retries. */
class RpsGameTopologyTest {
    static final String GAME = "g-1";
    static final List<Double> LIKELY_ROCK = List.of(0.7, 0.2, 0.1);

    GameDriver d;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    @BeforeEach
    void start() {
        d = new GameDriver(stateDir); // not /tmp/kafka-streams: other drivers may share it
    }

    @AfterEach
    void stop() {
        d.close();
    }

    /** Plays rounds 1-3 with {@code player} each time, returning the view after round 3. */
    RpsGameView playGambit(Move player) {
        d.start(GAME, false, null);
        for (int round = 1; round <= RpsRules.GAMBIT_ROUNDS; round++) {
            d.move(GAME, round, player);
        }
        return d.lastView();
    }

    @Test
    void gambitRoundsAreCommittedWithoutAPrediction() {
        RpsGameView started = d.start(GAME, false, null);
        assertThat(started.status()).isEqualTo(RpsGame.AWAITING_PLAYER);
        assertThat(started.round()).isEqualTo(1);
        assertThat(started.commitment()).isNotBlank();
        assertThat(started.family()).isEqualTo(RpsRules.familyFor(GAME));
        assertThat(started.alias()).isEqualTo(RpsRules.aliasFor(GAME));

        Gambit gambit = RpsRules.gambitFor(GAME);
        for (int round = 1; round <= 2; round++) {
            d.move(GAME, round, Move.ROCK);
            RpsGameView v = d.lastView();
            assertThat(v.status()).isEqualTo(RpsGame.AWAITING_PLAYER);
            assertThat(v.round()).isEqualTo(round + 1);
            assertThat(v.commitment()).isNotBlank();
        }
        assertThat(d.requests.isEmpty()).isTrue();
        d.move(GAME, 3, Move.ROCK);
        RpsGameView after3 = d.lastView();
        assertThat(after3.rounds()).hasSize(3).allSatisfy(r -> {
            assertThat(r.bot()).isEqualTo(gambit.move(r.round()).id());
            assertThat(r.botSource()).isEqualTo(BotSource.GAMBIT);
            assertThat(r.model()).isNull();
            assertThat(r.verifies(GAME)).isTrue();
        });
        assertThat(d.count("hindsight.rps.bot.moves", "source", BotSource.GAMBIT)).isEqualTo(3);
        assertThat(d.count("hindsight.rps.games.started", null, null)).isEqualTo(1);
    }

    @Test
    void roundValuesFollowTheRules() {
        List<RpsGameView> views = new ArrayList<>();
        views.add(d.start(GAME, false, null));
        for (int round = 1; round <= 3; round++) {
            d.move(GAME, round, Move.PAPER);
            views.addAll(d.views());
        }
        assertThat(views).hasSize(4).allSatisfy(v ->
                assertThat(v.roundValue()).isEqualTo(RpsRules.roundValue(GAME, v.round())));
        assertThat(views.get(3).rounds()).allSatisfy(r ->
                assertThat(r.value()).isEqualTo(RpsRules.roundValue(GAME, r.round())));
    }

    @Test
    void round4AsksThePredictorWithTheFeatureVector() {
        RpsGameView after3 = playGambit(Move.SCISSORS);
        assertThat(after3.status()).isEqualTo(RpsGame.AWAITING_BOT);
        assertThat(after3.round()).isEqualTo(4);
        assertThat(after3.commitment()).isNull();

        var requests = d.requests.readKeyValuesToList();
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).key).isEqualTo(GAME);
        RpsRequest r = Json.read(requests.get(0).value, RpsRequest.class);
        assertThat(r.id()).isEqualTo(GAME + ":4");
        assertThat(r.round()).isEqualTo(4);
        assertThat(r.features()).hasSize(RpsFeatures.COUNT);
        assertThat(r.featureArray()).containsExactly(d.stored(GAME).features());
        assertThat(r.family()).isEqualTo(after3.family());
        assertThat(r.alias()).isEqualTo(after3.alias());
    }

    @Test
    void theStartsFamilyAndEasyModeReachTheRequest() {
        d.start(GAME, true, RpsRules.BRIAN);
        for (int round = 1; round <= 3; round++) {
            d.move(GAME, round, Move.ROCK);
        }
        RpsRequest r = d.requestList().get(0);
        assertThat(r.family()).isEqualTo(RpsRules.BRIAN);
        assertThat(r.features().get(RpsFeatures.EASY_MODE)).isEqualTo(1.0);
    }

    @Test
    void aPredictionCommitsThePolicysBestResponseAndTheCommitmentVerifies() {
        playGambit(Move.ROCK);
        Move expected = BotPolicy.best(new double[] {0.7, 0.2, 0.1}, RpsRules.roundValue(GAME, 4));
        d.predict(GAME + ":4", "forrest-v7", LIKELY_ROCK);
        RpsGameView committed = d.lastView();
        assertThat(committed.status()).isEqualTo(RpsGame.AWAITING_PLAYER);
        assertThat(committed.round()).isEqualTo(4);
        assertThat(committed.commitment()).isNotBlank();
        assertThat(d.stored(GAME).pending().bot()).isEqualTo(expected.id());

        d.move(GAME, 4, Move.PAPER);
        RoundLog r4 = d.lastView().rounds().get(3);
        assertThat(r4.bot()).isEqualTo(expected.id());
        assertThat(r4.botSource()).isEqualTo(BotSource.MODEL);
        assertThat(r4.model()).isEqualTo("forrest-v7");
        assertThat(r4.commitment()).isEqualTo(committed.commitment());
        assertThat(r4.verifies(GAME)).isTrue();
        assertThat(d.count("hindsight.rps.bot.moves", "source", BotSource.MODEL)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aFullGameToTenPointsEndsWithAWinner(boolean playerWins) {
        d.start(GAME, false, null);
        Gambit gambit = RpsRules.gambitFor(GAME);
        int round = 1;
        RpsGameView view;
        do {
            Move bot = round <= RpsRules.GAMBIT_ROUNDS ? gambit.move(round)
                    : BotPolicy.best(new double[] {0.7, 0.2, 0.1}, RpsRules.roundValue(GAME, round));
            if (round > RpsRules.GAMBIT_ROUNDS) {
                d.predict(GAME + ":" + round, "v1", LIKELY_ROCK);
            }
            // the test knows the bot's move: counter it, or play what it beats
            d.move(GAME, round, playerWins ? bot.counter() : Move.ofIndex((bot.index() + 2) % Move.COUNT));
            view = d.lastView();
            round++;
        } while (!view.finished());

        int played = round - 1;
        String winner = playerWins ? RpsGame.PLAYER : RpsGame.BOT;
        assertThat(view.winner()).isEqualTo(winner);
        assertThat(playerWins ? view.playerScore() : view.botScore()).isGreaterThanOrEqualTo(RpsRules.TARGET_POINTS);
        assertThat(played).isBetween(5, 10);
        assertThat(d.count("hindsight.rps.games.finished", "winner", winner)).isEqualTo(1);
        assertThat(d.count("hindsight.rps.bot.moves", "source", BotSource.MODEL)).isEqualTo(played - 3);

        List<RpsFeedback> feedback = d.feedbacks();
        assertThat(feedback).hasSize(played);
        assertThat(feedback.get(played - 1).endsGame()).isTrue();
        assertThat(feedback.get(played - 1).winner()).isEqualTo(winner);
        assertThat(feedback.subList(0, played - 1)).noneMatch(RpsFeedback::endsGame);
        assertThat(d.rounds.readKeyValuesToList()).hasSize(played);
        // the last round asks nothing more of the predictor
        assertThat(d.requestList()).hasSize(played - 3);

        d.move(GAME, played + 1, Move.ROCK);
        assertThat(DlqHeaders.reason(d.dlq.readRecord().headers())).isEqualTo("game " + GAME + " is over");
    }

    @Test
    void everyRoundWritesItsFeedbackAndTrainingExample() {
        d.start(GAME, false, null);
        RpsGame before = d.stored(GAME);
        d.move(GAME, 1, Move.PAPER);

        var feedback = d.feedback.readKeyValuesToList();
        assertThat(feedback).hasSize(1);
        assertThat(feedback.get(0).key).isEqualTo(GAME + ":1");
        RpsFeedback f = Json.read(feedback.get(0).value, RpsFeedback.class);
        assertThat(f.move()).isEqualTo("paper");
        assertThat(f.round()).isEqualTo(1);
        assertThat(f.bot()).isEqualTo(RpsRules.gambitFor(GAME).move(1).id());
        assertThat(f.value()).isEqualTo(RpsRules.roundValue(GAME, 1));

        var examples = d.rounds.readKeyValuesToList();
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).key).isEqualTo(GAME + ":1");
        RpsExample e = examples.get(0).value;
        assertThat(e.move()).isEqualTo("paper");
        assertThat(e.source()).isEqualTo("live");
        assertThat(e.featureArray()).containsExactly(before.features());
    }

    @Test
    void badJsonGoesToTheDlqWithItsKeyBytesAndReason() {
        byte[] bad = "{not json".getBytes();
        d.sendRaw(GAME.getBytes(), bad);
        var r = d.dlq.readRecord();
        assertThat(new String(r.key())).isEqualTo(GAME);
        assertThat(r.value()).isEqualTo(bad);
        assertThat(DlqHeaders.reason(r.headers())).contains("malformed JSON");
        assertThat(new String(r.headers().lastHeader(DlqHeaders.SOURCE_TOPIC).value())).isEqualTo("rps.moves");
        assertThat(new String(r.headers().lastHeader(DlqHeaders.STAGE).value())).isEqualTo(CommandProcessor.STAGE);
        assertThat(d.count("hindsight.rps.commands.rejected", "reason", RpsGameMeters.INVALID)).isEqualTo(1);
        assertThat(d.games.isEmpty()).isTrue();
    }

    @Test
    void aSchemaViolationNamesTheField() {
        d.sendRaw(GAME.getBytes(), ("{\"gameId\":\"" + GAME + "\",\"type\":\"move\",\"round\":1,\"move\":\"lizard\"}").getBytes());
        assertThat(DlqHeaders.reason(d.dlq.readRecord().headers())).startsWith("move");
    }

    /** Found by fuzzing: the schema validator throws on an integral number beyond 64 bits against round's bounds. */
    @ParameterizedTest
    @ValueSource(strings = {"1e30", "-1e30", "1e19", "9.3e18"})
    void aRoundBeyond64BitsIsDeadLetteredNotFatal(String round) {
        d.start(GAME, false, null);
        d.sendRaw(GAME.getBytes(), ("{\"gameId\":\"" + GAME + "\",\"type\":\"move\",\"round\":" + round
                + ",\"move\":\"rock\"}").getBytes());
        assertThat(DlqHeaders.reason(d.dlq.readRecord().headers())).startsWith("$: unreadable");
        assertThat(d.count("hindsight.rps.commands.rejected", "reason", RpsGameMeters.INVALID)).isEqualTo(1);
        d.move(GAME, 1, Move.ROCK);
        assertThat(d.lastView().round()).isEqualTo(2);
    }

    @Test
    void aMoveForTheWrongRoundIsDeadLettered() {
        d.start(GAME, false, null);
        d.move(GAME, 2, Move.ROCK);
        assertThat(DlqHeaders.reason(d.dlq.readRecord().headers())).isEqualTo("game " + GAME + " is in round 1, not 2");
        assertThat(d.count("hindsight.rps.commands.rejected", "reason", RpsGameMeters.OUT_OF_TURN)).isEqualTo(1);
        assertThat(d.feedback.isEmpty()).isTrue();
    }

    @Test
    void aMoveWhileTheBotThinksIsDeadLettered() {
        playGambit(Move.ROCK);
        d.move(GAME, 4, Move.ROCK);
        assertThat(DlqHeaders.reason(d.dlq.readRecord().headers())).contains("awaiting-bot");
    }

    @Test
    void aMoveForAnUnknownGameIsDeadLettered() {
        d.move("nobody", 1, Move.ROCK);
        assertThat(DlqHeaders.reason(d.dlq.readRecord().headers())).isEqualTo("unknown game nobody");
        assertThat(d.count("hindsight.rps.commands.rejected", "reason", RpsGameMeters.UNKNOWN_GAME)).isEqualTo(1);
    }

    @Test
    void aKeyThatIsNotTheGameIdIsDeadLettered() {
        d.send("other", RpsCommand.start(GAME, false, null));
        assertThat(DlqHeaders.reason(d.dlq.readRecord().headers())).contains("'other'").contains("'" + GAME + "'");
        assertThat(d.stored(GAME)).isNull();
    }

    @Test
    void aKeylessCommandIsRekeyedByItsGameId() {
        d.send(null, RpsCommand.start(GAME, false, null));
        var views = d.games.readKeyValuesToList();
        assertThat(views).hasSize(1);
        assertThat(views.get(0).key).isEqualTo(GAME);
        d.send(null, RpsCommand.move(GAME, 1, Move.ROCK));
        assertThat(d.lastView().rounds()).hasSize(1);
    }

    @Test
    void retriedStartsAndMovesAreIgnoredAndCounted() {
        d.start(GAME, false, null);
        assertThat(d.start(GAME, true, RpsRules.LOGAN)).isNull();
        d.move(GAME, 1, Move.ROCK);
        d.views();
        d.feedback.readValuesToList();
        d.move(GAME, 1, Move.ROCK);
        assertThat(d.games.isEmpty()).isTrue();
        assertThat(d.feedback.isEmpty()).isTrue();
        assertThat(d.count("hindsight.rps.duplicates", null, null)).isEqualTo(2);
        assertThat(d.stored(GAME).easy()).isFalse();
        // the same round with another move is no retry
        d.move(GAME, 1, Move.PAPER);
        assertThat(d.dlq.readRecord()).isNotNull();
    }

    @Test
    void aFallbackPredictionPlaysAtRandomAndIsCounted() {
        playGambit(Move.ROCK);
        d.predict(GAME + ":4", PredictionProcessor.FALLBACK_VERSION, List.of(1.0 / 3, 1.0 / 3, 1.0 / 3));
        d.move(GAME, 4, Move.ROCK);
        RpsGameView v = d.lastView();
        assertThat(v.rounds().get(3).botSource()).isEqualTo(BotSource.FALLBACK);
        assertThat(v.rounds().get(3).model()).isNull();
        assertThat(v.rounds().get(3).verifies(GAME)).isTrue();

        // a model answer without three probabilities cannot drive the policy either
        d.predict(GAME + ":5", "v1", List.of(0.5, 0.5));
        assertThat(d.stored(GAME).pending().botSource()).isEqualTo(BotSource.FALLBACK);
        assertThat(d.count("hindsight.rps.bot.moves", "source", BotSource.FALLBACK)).isEqualTo(2);
    }

    @Test
    void stalePredictionsAreIgnoredAndCounted() {
        playGambit(Move.ROCK);
        d.views();
        d.predict("nobody:4", "v1", LIKELY_ROCK);
        d.predict(GAME + ":3", "v1", LIKELY_ROCK);
        d.predictRaw(GAME + ":4", "{oops".getBytes());
        assertThat(d.games.isEmpty()).isTrue();
        d.predict(GAME + ":4", "v1", LIKELY_ROCK);
        String commitment = d.lastView().commitment();
        d.predict(GAME + ":4", "v2", List.of(0.1, 0.1, 0.8)); // a replay or a second answer: the bot has committed
        assertThat(d.games.isEmpty()).isTrue();
        assertThat(d.stored(GAME).pending().commitment()).isEqualTo(commitment);
        assertThat(d.count("hindsight.rps.predictions.ignored", "reason", RpsGameMeters.UNKNOWN_GAME)).isEqualTo(1);
        assertThat(d.count("hindsight.rps.predictions.ignored", "reason", RpsGameMeters.STALE_ROUND)).isEqualTo(1);
        assertThat(d.count("hindsight.rps.predictions.ignored", "reason", RpsGameMeters.INVALID)).isEqualTo(1);
        assertThat(d.count("hindsight.rps.predictions.ignored", "reason", RpsGameMeters.NOT_AWAITING_BOT)).isEqualTo(1);
    }

    @Test
    void theViewNeverCarriesThePendingSalt() {
        List<String> checked = new ArrayList<>();
        d.send(GAME, RpsCommand.start(GAME, false, null));
        checkNoPendingSalt(checked);
        for (int round = 1; round <= 6; round++) {
            if (round > RpsRules.GAMBIT_ROUNDS) {
                d.predict(GAME + ":" + round, "v1", LIKELY_ROCK);
                checkNoPendingSalt(checked);
            }
            d.move(GAME, round, Move.SCISSORS);
            checkNoPendingSalt(checked);
        }
        // every commitment was checked while pending: start, the gambit moves, each prediction
        assertThat(checked).hasSize(6).containsExactlyElementsOf(d.salts);
        // once played, a round's salt is public so the player can verify the commitment
        assertThat(d.stored(GAME).rounds()).extracting(RoundLog::salt).containsExactlyElementsOf(d.salts);
    }

    /** Reads the views written by the last step as raw JSON; none may contain the salt now pending. */
    private void checkNoPendingSalt(List<String> checked) {
        RpsGame stored = d.stored(GAME);
        List<byte[]> raw = d.games.readValuesToList();
        assertThat(raw).isNotEmpty();
        if (stored.pending() == null) {
            return;
        }
        String salt = stored.pending().salt();
        assertThat(raw).allSatisfy(bytes -> assertThat(new String(bytes)).doesNotContain(salt));
        checked.add(salt);
    }
}
