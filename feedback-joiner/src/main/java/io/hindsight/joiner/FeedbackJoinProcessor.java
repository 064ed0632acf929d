package io.hindsight.joiner;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.joiner.PendingPrediction.Status;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins each prediction with its feedback, keyed by request id, in state stores.
 *
 * <p>Why not a windowed KStream-KStream join: it emits one result per matching pair, so a feedback sent twice
 * would be scored twice; records that never match simply age out of its window, so it cannot report
 * feedback for an unknown id (UNKNOWN) or a too-late one (EXPIRED), nor tell the metrics that a prediction
 * expired unmatched, which coverage needs. Here every id has one state and every outcome is explicit.
 *
 * <p>Time: whether feedback is in time is judged on event time (feedback time minus predictedTs &lt;=
 * horizon). How long state is kept counts from the later of the record's timestamp and the moment the
 * joiner saw it, so a joiner catching up after downtime does not expire predictions whose feedback is still
 * queued behind them. Expiry runs on wall-clock punctuation so it fires with no traffic at all.
 */
final class FeedbackJoinProcessor implements Processor<String, JoinInput, String, JoinOutcome> {
    private static final Logger log = LoggerFactory.getLogger(FeedbackJoinProcessor.class);
    /** Bounds one sweep's work after a long pause; the rest is picked up one interval later. */
    static final int MAX_DUE_PER_SWEEP = 10_000;

    private final JoinerConfig config;
    private final TaskProfile profile;
    private final long horizonMs;
    private ProcessorContext<String, JoinOutcome> context;
    private KeyValueStore<String, PendingPrediction> predictions;
    /** Held feedback as joiners before 2026-11-24 kept it; moved into {@link #predictions} on first use. */
    private KeyValueStore<String, HeldFeedback> legacyHeld;
    private boolean legacyHeldMoved;
    private ExpiryIndex index;

    FeedbackJoinProcessor(JoinerConfig config, TaskProfile profile) {
        this.config = config;
        this.profile = profile;
        this.horizonMs = config.horizon().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, JoinOutcome> context) {
        this.context = context;
        this.predictions = context.getStateStore(FeedbackJoinTopology.PREDICTIONS_STORE);
        this.legacyHeld = context.getStateStore(FeedbackJoinTopology.HELD_FEEDBACK_STORE);
        this.legacyHeldMoved = false; // a task revived after an aborted transaction may have restored them again
        this.index = new ExpiryIndex(context.getStateStore(FeedbackJoinTopology.EXPIRY_INDEX_STORE));
        context.schedule(config.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        moveLegacyHeldOnce();
        if (record.value() instanceof JoinInput.Prediction p) {
            String id = record.key() != null ? record.key() : p.record().requestId();
            if (id != null) {
                onPrediction(id, p.record(), record.timestamp());
            }
        } else if (record.value() instanceof JoinInput.Feedback f) {
            onFeedback(f.truth().requestId(), f.truth(), record.timestamp());
        }
    }

    private void onPrediction(String id, PredictionRecord prediction, long ts) {
        PendingPrediction known = predictions.get(id);
        if (known != null && known.status() != Status.HELD) {
            // Contract: one non-replay prediction per id. Keep the first so nothing is scored twice.
            log.warn("second non-replay prediction for request {} ignored", id);
            return;
        }
        PendingPrediction pending = PendingPrediction.open(prediction, ts, keepUntil(ts));
        if (known != null) {
            // resolve overwrites the held entry; its index entry turns stale and is skipped by the sweep
            resolve(id, pending, known.held(), known.recordTs());
        } else {
            save(id, pending);
        }
    }

    private void onFeedback(String id, GroundTruth truth, long ts) {
        PendingPrediction pending = predictions.get(id);
        if (pending == null) {
            long holdUntil = keepUntil(ts);
            predictions.put(id, PendingPrediction.held(truth, ts, holdUntil));
            index.add(holdUntil, ExpiryIndex.FEEDBACK, id);
            return;
        }
        switch (pending.status()) {
            case OPEN -> resolve(id, pending, truth, ts);
            case SCORED, HELD -> orphan(id, truth, Orphan.DUPLICATE, ts);
            case EXPIRED -> orphan(id, truth, Orphan.EXPIRED, ts);
        }
    }

    /** Feedback meets an open prediction: scored if within the horizon on event time, else expired. */
    private void resolve(String id, PendingPrediction pending, GroundTruth truth, long feedbackTs) {
        long ts = Math.max(pending.recordTs(), feedbackTs);
        long forgetAt = pending.deadline() + horizonMs;
        PredictionRecord prediction = pending.prediction();
        if (truth.eventTimeMs() - prediction.predictedTs() > horizonMs) {
            orphan(id, truth, Orphan.EXPIRED, feedbackTs);
            expired(id, prediction, ts);
            save(id, pending.resolved(Status.EXPIRED, forgetAt));
            return;
        }
        for (ScoredRecord s : Scoring.score(config.task().id(), prediction, truth, profile)) {
            context.forward(new Record<>(id, new JoinOutcome.Scored(s), ts));
        }
        save(id, pending.resolved(Status.SCORED, forgetAt));
    }

    private void sweep(long nowMs) {
        moveLegacyHeldOnce();
        List<ExpiryIndex.Due> due = index.dueAt(nowMs, MAX_DUE_PER_SWEEP);
        for (ExpiryIndex.Due d : due) {
            index.remove(d);
            if (d.kind() == ExpiryIndex.PREDICTION) {
                sweepPrediction(d.requestId(), nowMs);
            } else {
                sweepFeedback(d.requestId(), nowMs);
            }
        }
    }

    private void sweepPrediction(String id, long nowMs) {
        PendingPrediction pending = predictions.get(id);
        if (pending == null || pending.status() == Status.HELD || pending.nextDue() > nowMs) {
            return; // stale entry: the state moved on and indexed its own next due time
        }
        if (pending.status() == Status.OPEN) {
            expired(id, pending.prediction(), pending.deadline());
            save(id, pending.resolved(Status.EXPIRED, pending.deadline() + horizonMs));
        } else {
            predictions.delete(id);
        }
    }

    private void sweepFeedback(String id, long nowMs) {
        PendingPrediction h = predictions.get(id);
        if (h == null || h.status() != Status.HELD || h.deadline() > nowMs) {
            return; // stale: its prediction came (or the id was held again later, indexed anew)
        }
        predictions.delete(id);
        orphan(id, h.held(), Orphan.UNKNOWN, h.recordTs());
    }

    /**
     * A joiner upgraded in place may have feedback in the store earlier versions held it in: it is moved into
     * the one entry per id, once per task, before the first record or sweep (both run inside a transaction).
     * Its index entries (kind FEEDBACK) stay valid. Earlier versions never had both entries for one id.
     */
    private void moveLegacyHeldOnce() {
        if (legacyHeldMoved) {
            return;
        }
        legacyHeldMoved = true;
        List<String> moved = new ArrayList<>();
        try (KeyValueIterator<String, HeldFeedback> it = legacyHeld.all()) {
            while (it.hasNext()) {
                KeyValue<String, HeldFeedback> kv = it.next();
                HeldFeedback h = kv.value;
                if (predictions.get(kv.key) == null) {
                    predictions.put(kv.key, PendingPrediction.held(h.truth(), h.recordTs(), h.holdUntil()));
                } else {
                    log.warn("held feedback for request {} dropped: the request already has an entry", kv.key);
                }
                moved.add(kv.key);
            }
        }
        moved.forEach(legacyHeld::delete);
        if (!moved.isEmpty()) {
            log.info("moved {} held feedback records into {}", moved.size(), FeedbackJoinTopology.PREDICTIONS_STORE);
        }
    }

    private void expired(String id, PredictionRecord prediction, long ts) {
        String task = config.task().id();
        // Fallback outputs are no model's: like scoring, coverage leaves them out.
        if (prediction.served() != null && !RpsScoring.isFallback(prediction.served())) {
            context.forward(new Record<>(id, new JoinOutcome.Expired(task, prediction.served(), true), ts));
        }
        for (ModelOutput shadow : prediction.shadows()) {
            if (!RpsScoring.isFallback(shadow)) {
                context.forward(new Record<>(id, new JoinOutcome.Expired(task, shadow, false), ts));
            }
        }
    }

    private void orphan(String id, GroundTruth truth, String reason, long ts) {
        Orphan o = new Orphan(id, config.task().id(), reason, truth.eventTimeMs(), truth.json());
        context.forward(new Record<>(id, new JoinOutcome.Orphaned(o), ts));
    }

    private void save(String id, PendingPrediction pending) {
        predictions.put(id, pending);
        index.add(pending.nextDue(), ExpiryIndex.PREDICTION, id);
    }

    /** The horizon counts from the later of the record's time and now (see the class comment). */
    private long keepUntil(long recordTs) {
        return Math.max(recordTs, context.currentSystemTimeMs()) + horizonMs;
    }
}
