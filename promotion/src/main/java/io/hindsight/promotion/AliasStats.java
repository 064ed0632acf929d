package io.hindsight.promotion;

/**
 * What one model version showed while it held one alias of a task/family: its scored outputs, how many named
 * the true class, the games it finished moving the bot (rps, served outputs only) and how many the bot won,
 * and its squared log errors (regression). Only scored records whose alias is this alias count, so a version
 * that changes alias starts from zero in its new role.
 */
record AliasStats(String alias, String version, long scored, long correct, long games, long gamesWon,
                  long sleCount, double sleSum) {

    static AliasStats none(String alias, String version) {
        return new AliasStats(alias, version, 0, 0, 0, 0, 0, 0.0);
    }

    double accuracy() {
        return scored == 0 ? 0.0 : correct / (double) scored;
    }

    double winRate() {
        return games == 0 ? 0.0 : gamesWon / (double) games;
    }
}
