package io.hindsight.trainer.rps;

import io.hindsight.contracts.rps.BotPolicy;
import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Plays a scripted player against a trained model the way Hindsight's bot plays: its gambit in rounds 1-3, then
 * {@link BotPolicy#best} of the model's probabilities for the player's move at the round's value. The model is
 * the loaded bytes ({@link RpsPredictor}), as the predictor serves them. Deterministic for a seed.
 */
public final class RpsArena {
    /** 2025-06-01T00:00:00Z: arena games get fixed timestamps too. */
    private static final long EPOCH_MILLIS = 1_748_736_000_000L;

    private RpsArena() {
    }

    /**
     * How the bot did.
     *
     * @param botWinRate   games the bot won / games played (a draw counts as not won)
     * @param botPoints    the bot's mean final score per game
     * @param playerPoints the player's mean final score per game
     * @param moveAccuracy how often the model's most likely move was the move the player made (model rounds only)
     * @param modelRounds  rounds the model moved the bot in
     */
    public record Report(String player, int games, int botWins, int playerWins, int draws, double botWinRate,
                         double botPoints, double playerPoints, double moveAccuracy, int modelRounds) {
        @Override
        public String toString() {
            return String.format("vs %s: bot won %d/%d games (%.0f%%), points %.1f-%.1f per game, move accuracy %.3f over %d rounds",
                    player, botWins, games, 100 * botWinRate, botPoints, playerPoints, moveAccuracy, modelRounds);
        }
    }

    public static Report play(RpsPredictor model, ScriptedPlayer player, int games, long seed) {
        if (games < 1) {
            throw new IllegalArgumentException("play at least one game");
        }
        SplittableRandom master = new SplittableRandom(seed);
        Map<Integer, Integer> predicted = new HashMap<>();
        RpsMatch.Bot bot = new RpsMatch.Bot() {
            @Override
            public Move move(RpsGame game, RandomGenerator random) {
                double[] p = model.probabilities(game.features());
                predicted.put(game.nextRound(), RpsEvaluation.argmax(p));
                return BotPolicy.best(p, game.nextValue());
            }

            @Override
            public String source() {
                return BotSource.MODEL;
            }
        };
        int botWins = 0;
        int playerWins = 0;
        int draws = 0;
        double botPoints = 0;
        double playerPoints = 0;
        int[] hits = new int[2]; // correct, total
        for (int g = 0; g < games; g++) {
            predicted.clear();
            String gameId = String.format("arena-%d-%05d-%s", seed, g, player.name());
            RpsGame end = RpsMatch.play(gameId, player, bot, master.split(), EPOCH_MILLIS, "live", r -> {
                Integer guess = predicted.get(r.round());
                if (guess != null) {
                    hits[0] += guess == r.label() ? 1 : 0;
                    hits[1]++;
                }
            });
            switch (end.winner()) {
                case RpsGame.BOT -> botWins++;
                case RpsGame.PLAYER -> playerWins++;
                default -> draws++;
            }
            botPoints += end.botScore();
            playerPoints += end.playerScore();
        }
        return new Report(player.name(), games, botWins, playerWins, draws, botWins / (double) games, botPoints / games,
                playerPoints / games, hits[1] == 0 ? Double.NaN : hits[0] / (double) hits[1], hits[1]);
    }
}
