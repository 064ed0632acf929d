package io.hindsight.simulator;

import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.PlayedRound;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Plays one game to the end as a scripted player, auditing every answer ({@link RoundAudit}) and counting into
 * the player's tally. A call that fails, or an answer that is not the game asked for, abandons the game:
 * the next round could not be played or checked honestly.
 */
final class RpsGameLoop {
    private final RpsClient.Session session;
    private final PlayerTally tally;
    private final Consumer<String> problems;
    private final StopSignal stop;

    /** @param problems told about each integrity or protocol problem, with the game id, for the log */
    RpsGameLoop(RpsClient.Session session, PlayerTally tally, Consumer<String> problems, StopSignal stop) {
        this.session = session;
        this.tally = tally;
        this.problems = problems;
        this.stop = stop;
    }

    void play(ScriptedPlayer player, RandomGenerator random, boolean easy, String family) {
        tally.games.increment();
        RpsGameView view;
        try {
            view = session.start(easy, family);
        } catch (RpsCallException e) {
            abandon(e.kind());
            return;
        }
        String gameId = view.gameId();
        try {
            if (!passes(gameId, RoundAudit.started(view))) {
                return;
            }
            List<PlayedRound> history = new ArrayList<>();
            while (!view.finished()) {
                if (stop.isRequested()) {
                    tally.abandoned.increment();
                    return;
                }
                Move move = player.next(List.copyOf(history), random);
                long t0 = System.nanoTime();
                RpsGameView next;
                try {
                    next = session.move(view, move);
                } catch (RpsCallException e) {
                    abandon(e.kind());
                    return;
                }
                tally.moveAnswered(System.nanoTime() - t0);
                if (!passes(gameId, RoundAudit.round(view, move, next))) {
                    return;
                }
                history.add(next.rounds().get(view.round() - 1).played());
                view = next;
            }
            tally.finished(view.winner(), view.rounds().size());
        } finally {
            session.done(gameId);
        }
    }

    /** Counts what the audit found; false when the game cannot go on. */
    private boolean passes(String gameId, RoundAudit.Verdict v) {
        if (v.commitment() != null) {
            tally.commitment(v.commitment());
            if (!v.commitment()) {
                problems.accept(gameId + ": the bot's revealed move does not open its commitment");
            }
        }
        if (v.scoreProblem() != null) {
            tally.scoreMismatches.increment();
            problems.accept(gameId + ": " + v.scoreProblem());
        }
        if (v.protocolProblem() != null) {
            problems.accept(gameId + ": " + v.protocolProblem());
            abandon("bad answer");
            return false;
        }
        return true;
    }

    private void abandon(String kind) {
        tally.error(kind);
        tally.abandoned.increment();
    }
}
