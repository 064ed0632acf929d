package io.hindsight.gateway.promotions;

import io.hindsight.contracts.promotion.PromotionDecision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The promotion ledger as read from the {@code promotions} topic, in the order it was written (one partition),
 * keeping the newest {@link #DEFAULT_CAPACITY} decisions: the page and the API show recent history, the topic
 * keeps all of it. Thread-safe.
 */
public final class PromotionLedger {
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final ArrayDeque<PromotionDecision> decisions = new ArrayDeque<>();
    private volatile BooleanSupplier caughtUp = () -> false;

    public PromotionLedger() {
        this(DEFAULT_CAPACITY);
    }

    public PromotionLedger(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(PromotionDecision d) {
        decisions.addLast(Objects.requireNonNull(d));
        if (decisions.size() > capacity) {
            decisions.removeFirst();
        }
    }

    /** Newest first, filtered by task and family when not null, at most {@code limit}. */
    public synchronized List<PromotionDecision> newest(String task, String family, int limit) {
        List<PromotionDecision> out = new ArrayList<>(Math.min(limit, decisions.size()));
        for (Iterator<PromotionDecision> it = decisions.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            PromotionDecision d = it.next();
            if ((task == null || task.equals(d.task())) && (family == null || family.equals(d.family()))) {
                out.add(d);
            }
        }
        return out;
    }

    public synchronized int size() {
        return decisions.size();
    }

    /** Tells whether the ledger has been read to where the topic ended when reading began. */
    public void caughtUpWhen(BooleanSupplier check) {
        this.caughtUp = check;
    }

    public boolean isCaughtUp() {
        return caughtUp.getAsBoolean();
    }
}
