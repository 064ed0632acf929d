package io.hindsight.contracts.rps;

/**
 * The value on {@code rps.moves}, keyed by game id: start a game, or the player's move in a round.
 *
 * @param type   "start" or "move"
 * @param round  for a move: the round it answers (the one whose commitment the player saw)
 * @param move   for a move: "rock", "paper" or "scissors"
 * @param easy   for a start: easy mode (the bot ignores its model half the time)
 * @param family for a start: the family to play against; default chosen from the game id
 * @param ts     when the player acted, epoch seconds; optional
 */
public record RpsCommand(String gameId, String type, Integer round, String move, Boolean easy, String family, Double ts) {
    public static final String START = "start";
    public static final String MOVE = "move";

    public static RpsCommand start(String gameId, boolean easy, String family) {
        return new RpsCommand(gameId, START, null, null, easy, family, null);
    }

    public static RpsCommand move(String gameId, int round, Move move) {
        return new RpsCommand(gameId, MOVE, round, move.id(), null, null, null);
    }

    public boolean starts() {
        return START.equals(type);
    }

    public boolean easyMode() {
        return Boolean.TRUE.equals(easy);
    }
}
