package io.hindsight.contracts.rps;

import java.util.List;

/**
 * The value on {@code rps.games}, keyed by game id: what the player may see. While the status is
 * awaiting-player, {@code commitment} is the hash of the bot's secret move for {@code round}; every finished
 * round in {@code rounds} carries its move and salt, so the player can check it.
 *
 * @param winner "player", "bot" (or "draw" when the round cap ends a level game); null until over
 */
public record RpsGameView(String gameId, String family, String alias, boolean easy, String gambit, String status,
                          int round, double roundValue, String commitment, double playerScore, double botScore,
                          double target, String winner, List<RoundLog> rounds, long seq, long startedTs,
                          long updatedTs) {

    public RpsGameView {
        rounds = rounds == null ? List.of() : List.copyOf(rounds);
    }

    public boolean finished() {
        return RpsGame.OVER.equals(status);
    }
}
