package io.hindsight.contracts.prediction;

/**
 * The value on {@code <task>.scored}: one model output joined with its ground truth. A request yields one
 * scored record per output (served and shadows). Regression fills absError and squaredLogError;
 * classifiers fill correct. rps also fills points (what the bot would score this round had this output moved
 * it: +value for a win, -value for a loss, 0 for a tie) and, on a game's last round, gameWon for the output
 * that actually moved the bot.
 */
public record ScoredRecord(String requestId, String task, String family, String version, String alias,
                           boolean served, double predicted, double truth, double absError,
                           Double squaredLogError, Boolean correct, long predictedTs, long feedbackTs,
                           long lagMs, Double points, Boolean gameWon) {

    public ScoredRecord(String requestId, String task, String family, String version, String alias,
                        boolean served, double predicted, double truth, double absError,
                        Double squaredLogError, Boolean correct, long predictedTs, long feedbackTs, long lagMs) {
        this(requestId, task, family, version, alias, served, predicted, truth, absError, squaredLogError, correct,
                predictedTs, feedbackTs, lagMs, null, null);
    }
}
