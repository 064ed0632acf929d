package io.hindsight.gateway.rps;

import io.hindsight.contracts.rps.RpsGameView;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * The latest {@link RpsGameView} of each game seen on {@code rps.games}, and the requests waiting for a game to
 * reach some state. Bounded, least recently used first out: a game evicted (or played before this gateway
 * started reading) is unknown here. A view with a lower seq than the one held is stale and ignored, so a
 * waiter never sees a game go backwards. Thread-safe: updates come from the follower's thread, reads and
 * waits from HTTP threads.
 */
public final class GameViews {
    /**
     * A finished 25-round game holds about 8 KB on the heap; 20,000 games keep the cache under ~160 MB while
     * covering every game in play on a busy demo.
     */
    public static final int DEFAULT_CAPACITY = 20_000;

    /** One request waiting for a game state. */
    private record Waiter(Predicate<RpsGameView> wanted, CompletableFuture<RpsGameView> future) {
    }

    private final int capacity;
    private final Map<String, RpsGameView> latest;
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final RpsStats stats = new RpsStats();

    public GameViews() {
        this(DEFAULT_CAPACITY);
    }

    public GameViews(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.latest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RpsGameView> eldest) {
                return size() > GameViews.this.capacity;
            }
        };
    }

    /** A view read from rps.games: kept unless stale, then every waiter it satisfies is answered. */
    public void update(RpsGameView view) {
        if (view == null || view.gameId() == null) {
            return;
        }
        RpsGameView before;
        synchronized (latest) {
            before = latest.get(view.gameId());
            if (before != null && before.seq() > view.seq()) {
                return;
            }
            latest.put(view.gameId(), view);
        }
        stats.seen(before, view);
        List<Waiter> ws = waiters.get(view.gameId());
        if (ws != null) {
            for (Waiter w : ws) {
                if (w.wanted().test(view)) {
                    w.future().complete(view);
                }
            }
        }
    }

    /** The latest view of the game, or null when this gateway has not seen it (or no longer holds it). */
    public RpsGameView get(String gameId) {
        synchronized (latest) {
            return latest.get(gameId);
        }
    }

    public int size() {
        synchronized (latest) {
            return latest.size();
        }
    }

    /** Requests waiting for a game state. */
    public int waiting() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    public RpsStats stats() {
        return stats;
    }

    /**
     * Runs {@code trigger} (the command that makes the game move) and waits for the first view of the game that
     * {@code wanted} accepts, the one held now included. The waiter is registered before the trigger runs, so a
     * fast answer cannot slip past it. Fails with {@link TimeoutException} after {@code timeout}.
     */
    public Mono<RpsGameView> awaitAfter(Mono<Void> trigger, String gameId, Predicate<RpsGameView> wanted,
                                        Duration timeout) {
        return Mono.defer(() -> {
            Waiter w = new Waiter(wanted, new CompletableFuture<>());
            waiters.compute(gameId, (k, list) -> { // add inside compute: a concurrent remove cannot orphan the list
                List<Waiter> l = list == null ? new CopyOnWriteArrayList<>() : list;
                l.add(w);
                return l;
            });
            RpsGameView now = get(gameId);
            if (now != null && wanted.test(now)) {
                w.future().complete(now);
            }
            return trigger.then(Mono.fromFuture(w.future(), true))
                    .timeout(timeout, Mono.error(() -> new TimeoutException("no state of game " + gameId
                            + " in " + timeout.toMillis() + " ms")))
                    .doFinally(s -> remove(gameId, w));
        });
    }

    private void remove(String gameId, Waiter w) {
        waiters.computeIfPresent(gameId, (k, list) -> {
            list.remove(w);
            return list.isEmpty() ? null : list;
        });
    }
}
