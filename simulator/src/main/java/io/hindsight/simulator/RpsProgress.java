package io.hindsight.simulator;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The rps run's progress on stderr, shown like {@link Progress}: rewritten on a terminal, a line every 5 s otherwise. */
final class RpsProgress implements AutoCloseable {
    private final PrintWriter err;
    private final Progress.Mode mode;
    private final List<PlayerTally> tallies;
    private final int totalGames;
    private final long startNanos = System.nanoTime();
    private ScheduledExecutorService timer;
    private int lastWidth;
    private boolean closed;

    RpsProgress(PrintWriter err, Progress.Mode mode, Collection<PlayerTally> tallies, int totalGames) {
        this.err = err;
        this.mode = mode.resolve();
        this.tallies = List.copyOf(tallies);
        this.totalGames = totalGames;
    }

    void start() {
        if (mode == Progress.Mode.OFF) {
            return;
        }
        long every = mode == Progress.Mode.TTY ? 1_000 : 5_000;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulator-rps-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, every, every, TimeUnit.MILLISECONDS);
    }

    synchronized void print() {
        if (closed) {
            return;
        }
        PlayerTally t = PlayerTally.sum("total", tallies);
        String line = String.format(Locale.ROOT,
                "%6.0fs games %d/%d over, %d abandoned  rounds %d  bot wins %d  commitments failed %d  errors %d",
                (System.nanoTime() - startNanos) / 1e9, t.finished.sum(), totalGames, t.abandoned.sum(),
                t.rounds.sum(), t.botWins.sum(), t.commitmentsFailed.sum(), t.errorCount());
        synchronized (err) {
            if (mode == Progress.Mode.TTY) {
                err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
                lastWidth = line.length();
            } else {
                err.println(line);
            }
            err.flush();
        }
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
        if (mode == Progress.Mode.TTY) {
            err.println();
            err.flush();
        }
    }
}
