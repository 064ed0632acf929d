package io.hindsight.simulator;

/** A monotonic nanosecond clock; tests pass a fake one. */
@FunctionalInterface
public interface Ticker {
    long nanoTime();

    static Ticker system() {
        return System::nanoTime;
    }
}
