package io.hindsight.contracts.rps;

/**
 * One finished round as the game history and the page show it: both moves, the scores after it, and the
 * bot's commitment with the salt that opens it.
 *
 * @param player    the player's move ("rock", "paper", "scissors")
 * @param bot       the bot's move, committed before the player moved
 * @param result    "win", "tie" or "loss" from the player's side
 * @param botSource "gambit" (rounds 1-3), "model" or "fallback" (no model: uniform random)
 * @param model     the model version that moved the bot, null for gambits and fallback
 */
public record RoundLog(int round, double value, String player, String bot, String result,
                       double playerScore, double botScore, String commitment, String salt,
                       String botSource, String model, long ts) {

    public Move playerMove() {
        return Move.fromId(player);
    }

    public Move botMove() {
        return Move.fromId(bot);
    }

    public PlayedRound played() {
        return new PlayedRound(round, value, playerMove(), botMove(), playerScore, botScore);
    }

    /** True when sha256(gameId|round|bot|salt) is the commitment shown before the player moved. */
    public boolean verifies(String gameId) {
        return Commitment.verify(commitment, gameId, round, botMove(), salt);
    }
}
