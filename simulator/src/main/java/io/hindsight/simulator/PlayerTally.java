package io.hindsight.simulator;

import io.hindsight.contracts.rps.RpsGame;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one player's games came to, updated by every worker playing as them. Move latency is kept in an
 * HdrHistogram of nanoseconds, like {@link Stats}.
 */
final class PlayerTally {
    private static final long MAX_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    final String player;
    final LongAdder games = new LongAdder();
    final LongAdder finished = new LongAdder();
    final LongAdder abandoned = new LongAdder();
    final LongAdder playerWins = new LongAdder();
    final LongAdder botWins = new LongAdder();
    final LongAdder draws = new LongAdder();
    /** Rounds of the finished games. */
    final LongAdder rounds = new LongAdder();
    final LongAdder commitmentsVerified = new LongAdder();
    final LongAdder commitmentsFailed = new LongAdder();
    final LongAdder scoreMismatches = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final ConcurrentHistogram moveLatency = new ConcurrentHistogram(1, MAX_TRACKABLE_NANOS, 3);

    PlayerTally(String player) {
        this.player = player;
    }

    void moveAnswered(long nanos) {
        moveLatency.recordValue(Math.min(Math.max(1, nanos), MAX_TRACKABLE_NANOS));
    }

    void commitment(boolean verified) {
        (verified ? commitmentsVerified : commitmentsFailed).increment();
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void finished(String winner, int roundsPlayed) {
        finished.increment();
        rounds.add(roundsPlayed);
        if (RpsGame.PLAYER.equals(winner)) {
            playerWins.increment();
        } else if (RpsGame.BOT.equals(winner)) {
            botWins.increment();
        } else {
            draws.increment();
        }
    }

    /** Errors by kind ("http 409", "timeout"...), sorted by kind. */
    Map<String, Long> errorsByKind() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Histogram moveLatency() {
        return moveLatency.copy();
    }

    /** The tallies added up, for the summary's total line. */
    static PlayerTally sum(String name, List<PlayerTally> all) {
        PlayerTally t = new PlayerTally(name);
        for (PlayerTally p : all) {
            t.games.add(p.games.sum());
            t.finished.add(p.finished.sum());
            t.abandoned.add(p.abandoned.sum());
            t.playerWins.add(p.playerWins.sum());
            t.botWins.add(p.botWins.sum());
            t.draws.add(p.draws.sum());
            t.rounds.add(p.rounds.sum());
            t.commitmentsVerified.add(p.commitmentsVerified.sum());
            t.commitmentsFailed.add(p.commitmentsFailed.sum());
            t.scoreMismatches.add(p.scoreMismatches.sum());
            p.errors.forEach((k, v) -> t.errors.computeIfAbsent(k, x -> new LongAdder()).add(v.sum()));
            t.moveLatency.add(p.moveLatency);
        }
        return t;
    }
}
