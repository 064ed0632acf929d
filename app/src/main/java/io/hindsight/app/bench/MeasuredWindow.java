package io.hindsight.app.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The window a throughput figure covers: from the first counted record to the last. CPU per thread is
 * snapshotted at both ends and the stack sampler runs in between, so what they say is about that window only.
 */
final class MeasuredWindow {
    private final StackSampler sampler;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile CpuSnapshot start;
    private volatile CpuSnapshot end;
    private volatile long firstNanos;
    private volatile long lastNanos;

    /** @param sampled the threads to stack-sample (by name), described; sampleMillis <= 0 for none */
    MeasuredWindow(String description, java.util.function.Predicate<String> sampled, long sampleMillis) {
        this.sampler = sampleMillis <= 0 ? null : new StackSampler(description, sampled, sampleMillis);
    }

    /** On the counting thread: the first record arrived. */
    void first(long nanos) {
        if (start == null) {
            firstNanos = nanos;
            start = CpuSnapshot.take();
            if (sampler != null) {
                sampler.start();
            }
        }
    }

    /** On the counting thread: the last expected record arrived. */
    void last(long nanos) {
        if (end == null) {
            lastNanos = nanos;
            end = CpuSnapshot.take();
            if (sampler != null) {
                sampler.close();
            }
            done.countDown();
        }
    }

    boolean await(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean started() {
        return start != null;
    }

    long firstNanos() {
        return firstNanos;
    }

    long lastNanos() {
        return lastNanos;
    }

    /** Where the CPU went between the first and the last record, or null if the window never closed. */
    CpuSnapshot.Window cpu() {
        return start == null || end == null ? null : end.since(start);
    }

    StackSampler sampler() {
        return sampler;
    }

    void stopSampling() {
        if (sampler != null) {
            sampler.close();
        }
    }
}
