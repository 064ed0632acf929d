package io.hindsight.trainer.rps;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One whole game of a scripted player against a bot, played through the {@link RpsGame} engine exactly as the
 * game processor plays it: the bot commits (its gambit in rounds 1-3, then {@link Bot#move}), the player moves,
 * the engine scores. Every finished round is handed on as the {@link RpsExample} the game processor would write.
 */
final class RpsMatch {
    /** A synthetic game's rounds are this far apart in (fake, deterministic) time. */
    static final long ROUND_MILLIS = 2_000;

    /** The bot's move from round 4 on. */
    interface Bot {
        Move move(RpsGame game, RandomGenerator random);

        /** "fallback" for the uniform bot (no model yet), "model" for a model. */
        String source();

        /** The model version moving the bot, null for none. */
        default String model() {
            return null;
        }
    }

    private RpsMatch() {
    }

    /**
     * Plays to the end. The salt comes from {@code random} so a seed fixes the whole game, commitments included.
     *
     * @param rounds receives every finished round (gambit rounds included), in order
     */
    static RpsGame play(String gameId, ScriptedPlayer player, Bot bot, RandomGenerator random, long startTs,
                        String source, Consumer<RpsExample> rounds) {
        long ts = startTs;
        RpsGame game = RpsGame.start(gameId, RpsRules.familyFor(gameId), RpsRules.aliasFor(gameId), false, ts);
        while (!game.finished()) {
            ts += ROUND_MILLIS;
            String salt = salt(random);
            RpsGame committed = game.gambitRound() ? game.commitGambit(salt, ts)
                    : game.commit(bot.move(game, random), salt, bot.source(), bot.model(), ts);
            List<io.hindsight.contracts.rps.PlayedRound> history = game.played();
            Move move = player.next(history, random);
            RpsGame after = committed.play(committed.nextRound(), move, ts);
            rounds.accept(RpsExample.of(game, after, source, player.name()));
            game = after;
        }
        return game;
    }

    private static String salt(RandomGenerator random) {
        byte[] b = new byte[16];
        for (int i = 0; i < b.length; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return HexFormat.of().formatHex(b);
    }
}
