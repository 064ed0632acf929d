package io.hindsight.predictor.dedupe;

import io.hindsight.contracts.prediction.PredictionRecord;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Request ids answered within the dedupe horizon, with their original prediction. Only ids whose
 * transaction committed are added, so an aborted batch is predicted again rather than replayed. Entries
 * expire {@code horizon} after their predictedTs. Shared by the workers of one predictor instance
 * (thread-safe): a retry without a key may arrive on another partition than its original, so every worker
 * must see every id the instance answered.
 */
public final class SeenRequests {
    private final long horizonMs;
    /** Insertion order is roughly predictedTs order, so eviction stops at the first live entry. */
    private final LinkedHashMap<String, PredictionRecord> byId = new LinkedHashMap<>();

    public SeenRequests(Duration horizon) {
        this.horizonMs = horizon.toMillis();
    }

    /** The original prediction of a request id still inside the horizon. */
    public synchronized Optional<PredictionRecord> lookup(String requestId, long nowMs) {
        PredictionRecord p = byId.get(requestId);
        return p == null || expired(p, nowMs) ? Optional.empty() : Optional.of(p);
    }

    /** Remembers a committed, non-replay prediction; the latest one for an id wins. */
    public synchronized void add(PredictionRecord p) {
        if (p.replay()) {
            return;
        }
        byId.remove(p.requestId());
        byId.put(p.requestId(), p);
    }

    public synchronized void evictExpired(long nowMs) {
        Iterator<Map.Entry<String, PredictionRecord>> it = byId.entrySet().iterator();
        while (it.hasNext()) {
            if (!expired(it.next().getValue(), nowMs)) {
                return;
            }
            it.remove();
        }
    }

    public synchronized int size() {
        return byId.size();
    }

    private boolean expired(PredictionRecord p, long nowMs) {
        return nowMs - p.predictedTs() > horizonMs;
    }
}
