package io.hindsight.joiner;

/**
 * What rps feedback tells beyond the player's move, needed to score what each output would have done to
 * the game: the round's value (points at stake; null when neither the feedback nor its id names it), and on a
 * game's last round who won it.
 *
 * @param winner "player", "bot" or "draw" on the last round; null before
 */
record RpsRound(Double value, boolean gameOver, String winner) {
    static final String BOT = "bot";

    /** Only meaningful on the last round: did the bot win the game. */
    boolean botWon() {
        return gameOver && BOT.equals(winner);
    }
}
