package io.hindsight.contracts.rps;

/**
 * The value on {@code rps.feedback}, keyed by request id ("gameId:round"): the move the player made, which
 * is the ground truth of every prediction for that round. The game processor writes it with the round's
 * context; a bare {id, move} from any client is valid too.
 *
 * @param value    the round's value (points at stake)
 * @param bot      the bot's move that round
 * @param gameOver true on the game's last round
 * @param winner   on the last round: "player", "bot" or "draw"
 * @param ts       when the player moved, epoch seconds; optional
 */
public record RpsFeedback(String id, String move, String gameId, Integer round, Double value, String bot,
                          Boolean gameOver, String winner, Double ts) {

    public Move playerMove() {
        return Move.fromId(move);
    }

    public long eventTimeMs(long fallbackMs) {
        return ts == null ? fallbackMs : Math.round(ts * 1000.0);
    }

    public boolean endsGame() {
        return Boolean.TRUE.equals(gameOver);
    }

    public static RpsFeedback of(RpsGame after) {
        RoundLog r = after.lastRound();
        return new RpsFeedback(RpsRequest.idOf(after.gameId(), r.round()), r.player(), after.gameId(), r.round(),
                r.value(), r.bot(), after.finished(), after.winner(), r.ts() / 1000.0);
    }
}
