package io.hindsight.simulator;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.Result;
import io.hindsight.contracts.rps.RoundLog;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.rps.RpsRules;
import java.util.List;

/**
 * The player's side of fair play: everything a player can check from what the server showed. The bot's move
 * must open the commitment shown before the player moved, the round must be scored by the rules, and the
 * history must not change afterwards. A server that cheats, or scores wrongly, is caught here.
 */
final class RoundAudit {
    private static final double EPS = 1e-6;

    private RoundAudit() {
    }

    /**
     * What one check found.
     *
     * @param commitment   for a revealed round: whether its move opens the commitment shown before the move;
     *                     null when no round was revealed to check
     * @param scoreProblem null when the scores add up, else what did not
     * @param protocolProblem null when the answer is the game as asked for, else why it is not (the game is
     *                        abandoned: nothing further can be checked)
     */
    record Verdict(Boolean commitment, String scoreProblem, String protocolProblem) {
    }

    /** A freshly started game: awaiting the first move, committed, nothing scored. */
    static Verdict started(RpsGameView v) {
        if (!RpsGame.AWAITING_PLAYER.equals(v.status()) || v.round() != 1 || v.commitment() == null) {
            return new Verdict(null, null, "a new game must await round 1 with a commitment, got " + v.status()
                    + " round " + v.round());
        }
        String score = !v.rounds().isEmpty() || Math.abs(v.playerScore()) > EPS || Math.abs(v.botScore()) > EPS
                ? "a new game has scores or rounds already" : null;
        return new Verdict(null, score, null);
    }

    /** The round {@code shown} awaited, played with {@code sent}, as {@code next} reveals it. */
    static Verdict round(RpsGameView shown, Move sent, RpsGameView next) {
        int round = shown.round();
        if (!shown.gameId().equals(next.gameId())) {
            return protocol("answer is about game " + next.gameId());
        }
        if (next.rounds().size() != round || next.rounds().get(round - 1).round() != round) {
            return protocol("round " + round + " was not revealed as the last of " + next.rounds().size());
        }
        RoundLog log = next.rounds().get(round - 1);
        Move player;
        try {
            player = log.playerMove();
            log.botMove();
        } catch (IllegalArgumentException e) {
            return protocol("round " + round + ": " + e.getMessage());
        }
        if (player != sent) {
            return protocol("round " + round + " shows the player's move as " + log.player() + ", sent " + sent.id());
        }
        boolean commitmentOk = shown.commitment() != null && shown.commitment().equals(log.commitment())
                && log.verifies(shown.gameId());
        String score = scoreProblem(shown, log, next);
        String protocol = null;
        if (!next.finished()) {
            if (!RpsGame.AWAITING_PLAYER.equals(next.status()) || next.round() != round + 1 || next.commitment() == null) {
                protocol = "after round " + round + " the game must await round " + (round + 1)
                        + " with a commitment, got " + next.status() + " round " + next.round();
            }
        }
        return new Verdict(commitmentOk, score, protocol);
    }

    private static String scoreProblem(RpsGameView shown, RoundLog log, RpsGameView next) {
        int round = log.round();
        List<RoundLog> before = next.rounds().subList(0, round - 1);
        if (!before.equals(shown.rounds())) {
            return "rounds before " + round + " changed";
        }
        Result result = Result.of(log.playerMove(), log.botMove());
        if (!result.id().equals(log.result())) {
            return "round " + round + ": " + log.player() + " vs " + log.bot() + " is a " + result.id() + ", not " + log.result();
        }
        if (Math.abs(log.value() - shown.roundValue()) > EPS) {
            return "round " + round + " was worth " + shown.roundValue() + " when shown, scored as " + log.value();
        }
        double ps = shown.playerScore() + (result == Result.WIN ? log.value() : 0);
        double bs = shown.botScore() + (result == Result.LOSS ? log.value() : 0);
        if (Math.abs(ps - log.playerScore()) > EPS || Math.abs(bs - log.botScore()) > EPS) {
            return "round " + round + ": scores should be " + ps + "-" + bs + ", are " + log.playerScore() + "-" + log.botScore();
        }
        if ((Math.abs(next.playerScore() - ps) > EPS || Math.abs(next.botScore() - bs) > EPS)) {
            return "game shows " + next.playerScore() + "-" + next.botScore() + " after round " + round + ", rounds add up to "
                    + ps + "-" + bs;
        }
        return winnerProblem(next, ps, bs, round);
    }

    private static String winnerProblem(RpsGameView next, double ps, double bs, int round) {
        double target = next.target() > 0 ? next.target() : RpsRules.TARGET_POINTS;
        boolean reached = ps >= target - EPS || bs >= target - EPS;
        boolean over = reached || round >= RpsRules.MAX_ROUNDS;
        if (over != next.finished()) {
            return "at " + ps + "-" + bs + " after round " + round + " the game " + (over ? "should" : "should not")
                    + " be over";
        }
        if (!over) {
            return null;
        }
        String winner = ps >= target - EPS ? RpsGame.PLAYER : bs >= target - EPS ? RpsGame.BOT
                : ps > bs ? RpsGame.PLAYER : bs > ps ? RpsGame.BOT : "draw";
        return winner.equals(next.winner()) ? null : "at " + ps + "-" + bs + " the winner is " + winner + ", not " + next.winner();
    }

    private static Verdict protocol(String why) {
        return new Verdict(null, null, why);
    }
}
