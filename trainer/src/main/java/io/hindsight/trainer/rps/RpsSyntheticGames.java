package io.hindsight.trainer.rps;

import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The first start's training games: every {@link ScriptedPlayer} plays {@code gamesPerPlayer} games against the
 * bot a fresh installation has (its gambit in rounds 1-3, then uniformly random: there is no model yet), through
 * the {@link io.hindsight.contracts.rps.RpsGame} engine. Deterministic for a seed: same games, same records,
 * same timestamps. Players take turns game by game, so any chronological slice of the games holds all of them.
 */
public final class RpsSyntheticGames {
    public static final String SOURCE = "synthetic";
    public static final int DEFAULT_GAMES_PER_PLAYER = 120;
    public static final long DEFAULT_SEED = 7L;
    /** 2025-01-01T00:00:00Z: synthetic time starts here, so the records do not depend on when they were made. */
    public static final long EPOCH_MILLIS = 1_735_689_600_000L;
    private static final long GAME_MILLIS = 10 * 60_000L;

    private RpsSyntheticGames() {
    }

    /** Every round of every game (gambit rounds included, as the game processor writes them), in play order. */
    public static List<RpsExample> generate(int gamesPerPlayer, long seed) {
        return generate(ScriptedPlayer.ALL, gamesPerPlayer, seed);
    }

    public static List<RpsExample> generate(List<ScriptedPlayer> players, int gamesPerPlayer, long seed) {
        if (gamesPerPlayer < 1 || players.isEmpty()) {
            throw new IllegalArgumentException("need at least one player and one game each");
        }
        SplittableRandom master = new SplittableRandom(seed);
        List<RpsExample> out = new ArrayList<>();
        RpsMatch.Bot uniform = new RpsMatch.Bot() {
            @Override
            public Move move(io.hindsight.contracts.rps.RpsGame game, java.util.random.RandomGenerator random) {
                return Move.ofIndex(random.nextInt(Move.COUNT));
            }

            @Override
            public String source() {
                return BotSource.FALLBACK;
            }
        };
        int n = 0;
        for (int g = 0; g < gamesPerPlayer; g++) {
            for (ScriptedPlayer p : players) {
                String gameId = String.format("synthetic-%d-%05d-%s", seed, g, p.name());
                RpsMatch.play(gameId, p, uniform, master.split(), EPOCH_MILLIS + n * GAME_MILLIS, SOURCE, out::add);
                n++;
            }
        }
        return out;
    }
}
