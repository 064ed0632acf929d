package io.hindsight.simulator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells a run to stop: when its work is done, or on Ctrl-C (then pending feedback is abandoned). */
final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean abandon;

    /** Stop sending; feedback already scheduled is still sent (unless the run was told not to wait for it). */
    void request() {
        stopped.countDown();
    }

    /** Stop now: Ctrl-C. Feedback still pending is dropped and reported. */
    void abandon() {
        abandon = true;
        stopped.countDown();
    }

    boolean isRequested() {
        return stopped.getCount() == 0;
    }

    boolean isAbandoned() {
        return abandon;
    }

    /** Waits up to {@code nanos}; true if a stop was requested meanwhile (or before). */
    boolean await(long nanos) throws InterruptedException {
        return nanos <= 0 ? isRequested() : stopped.await(nanos, TimeUnit.NANOSECONDS);
    }
}
