package io.hindsight.simulator;

import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest view of each game this run is playing over Kafka, fed from rps.games by {@link GameViewFeed},
 * awaited by the game workers. Only games announced with {@link #expect} are kept: the topic carries
 * everyone's games. Only the newest view (highest seq) matters, as on the compacted topic itself.
 */
final class GameViews {
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /** Keep views of {@code gameId}; call before sending its start, so its first view cannot be missed. */
    void expect(String gameId) {
        slots.putIfAbsent(gameId, new Slot());
    }

    void forget(String gameId) {
        slots.remove(gameId);
    }

    void offer(RpsGameView view) {
        Slot s = slots.get(view.gameId());
        if (s != null) {
            s.offer(view);
        }
    }

    /**
     * Waits for a settled view of {@code gameId} newer than {@code afterSeq}: the bot has committed to the next
     * round, or the game is over (an awaiting-bot view is the game processor half-way and is skipped).
     *
     * @return the view, or null when none came within {@code timeoutNanos} (or the game is not expected)
     */
    RpsGameView await(String gameId, long afterSeq, long timeoutNanos) throws InterruptedException {
        Slot s = slots.get(gameId);
        return s == null ? null : s.await(afterSeq, timeoutNanos);
    }

    int size() {
        return slots.size();
    }

    private static final class Slot {
        private RpsGameView latest;

        synchronized void offer(RpsGameView v) {
            if (latest == null || v.seq() > latest.seq()) {
                latest = v;
                notifyAll();
            }
        }

        synchronized RpsGameView await(long afterSeq, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (!settled(afterSeq)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return latest;
        }

        private boolean settled(long afterSeq) {
            return latest != null && latest.seq() > afterSeq && !RpsGame.AWAITING_BOT.equals(latest.status());
        }
    }
}
