package io.hindsight.gateway.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests waiting for their prediction, by request id. Several HTTP requests with the same id (a client
 * retrying while its first attempt still waits) share one entry: the first prediction with that id answers
 * them all, and the entry goes when the last of them stops waiting.
 */
final class PendingReplies<V> {

    /** One id's wait. {@code waiters} changes only inside the map's per-key compute, so needs no lock of its own. */
    static final class Waiting<V> {
        private final CompletableFuture<V> future = new CompletableFuture<>();
        private int waiters;

        CompletableFuture<V> future() {
            return future;
        }
    }

    private final ConcurrentHashMap<String, Waiting<V>> byId = new ConcurrentHashMap<>();

    Waiting<V> register(String id) {
        return byId.compute(id, (k, w) -> {
            Waiting<V> waiting = w == null ? new Waiting<>() : w;
            waiting.waiters++;
            return waiting;
        });
    }

    /** The caller stopped waiting (answered, timed out or cancelled). */
    void release(String id, Waiting<V> waiting) {
        byId.computeIfPresent(id, (k, current) -> current == waiting && --current.waiters == 0 ? null : current);
    }

    boolean isWaiting(String id) {
        return byId.containsKey(id);
    }

    /** Answers every request waiting for this id; false when none is. */
    boolean complete(String id, V value) {
        Waiting<V> waiting = byId.remove(id);
        if (waiting == null) {
            return false;
        }
        waiting.future.complete(value);
        return true;
    }

    int size() {
        return byId.size();
    }

    void failAll(Throwable cause) {
        for (String id : byId.keySet()) {
            Waiting<V> waiting = byId.remove(id);
            if (waiting != null) {
                waiting.future.completeExceptionally(cause);
            }
        }
    }
}
