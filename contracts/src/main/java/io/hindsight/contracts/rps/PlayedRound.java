package io.hindsight.contracts.rps;

/**
 * One finished round, the unit of game history the features are computed from.
 *
 * @param playerScore the player's total after this round
 * @param botScore    the bot's total after this round
 */
public record PlayedRound(int round, double value, Move player, Move bot, double playerScore, double botScore) {

    public Result result() {
        return Result.of(player, bot);
    }
}
