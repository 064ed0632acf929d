package io.hindsight.simulator;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The live progress line on stderr: rewritten in place with \r on a terminal, one line every few seconds
 * otherwise (a log file, CI). The rate is answered records per second since the previous line; the accuracy,
 * shown once an answer was judged, is over the whole run.
 */
final class Progress implements AutoCloseable {

    /** How progress is shown. */
    enum Mode {
        /** TTY when a console is attached, else LINES. */
        AUTO,
        /** One line rewritten in place every second. */
        TTY,
        /** A new line every 5 seconds. */
        LINES,
        OFF;

        Mode resolve() {
            if (this != AUTO) {
                return this;
            }
            String term = System.getenv("TERM");
            return System.console() != null && term != null && !term.equals("dumb") ? TTY : LINES;
        }
    }

    private final PrintWriter err;
    private final Mode mode;
    private final Stats stats;
    private final LongSupplier pending;
    private final Supplier<String> phase;
    private final long startNanos = System.nanoTime();
    private ScheduledExecutorService timer;
    private long lastAnswered;
    private long lastNanos = startNanos;
    private int lastWidth;
    private boolean closed;

    /** @param pendingFeedback feedback not yet answered, or null when the run sends none */
    Progress(PrintWriter err, Mode mode, Stats stats, LongSupplier pendingFeedback, Supplier<String> phase) {
        this.err = err;
        this.mode = mode.resolve();
        this.stats = stats;
        this.pending = pendingFeedback;
        this.phase = phase;
    }

    void start() {
        if (mode == Mode.OFF) {
            return;
        }
        Duration every = mode == Mode.TTY ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulator-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void print() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long answered = stats.answered();
        double seconds = (now - lastNanos) / 1e9;
        double rate = seconds > 0 ? (answered - lastAnswered) / seconds : 0;
        lastAnswered = answered;
        lastNanos = now;
        String feedback = pending == null ? ""
                : String.format(Locale.ROOT, "  feedback sent %d  pending %d", stats.feedbackSent(), pending.getAsLong());
        long judged = stats.judged();
        String accuracy = judged == 0 ? ""
                : String.format(Locale.ROOT, "  accuracy %.1f%%", 100.0 * stats.right() / judged);
        String line = String.format(Locale.ROOT, "%6.0fs %s sent %d  answered %d%s  errors %d  rate %.1f/s%s",
                (now - startNanos) / 1e9, phase.get(), stats.sent(), answered, feedback, stats.errorCount(), rate, accuracy);
        if (mode == Mode.TTY) {
            int pad = Math.max(0, lastWidth - line.length());
            err.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        timer = null;
        print();
        closed = true;
        if (mode == Mode.TTY) {
            err.println();
            err.flush();
        }
    }
}
