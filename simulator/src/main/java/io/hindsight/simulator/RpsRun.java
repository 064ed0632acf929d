package io.hindsight.simulator;

import io.hindsight.contracts.rps.players.ScriptedPlayer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One {@code simulate rps} run: every player of the roster plays {@code gamesPerPlayer} games, {@code parallel}
 * at a time. Games are dealt round-robin over the roster, so every player progresses alike and a run cut
 * short still compares them fairly. Each game's moves come from a random generator seeded by (seed, player,
 * game number), so a player makes the same moves in the same situations whatever the interleaving.
 */
final class RpsRun {
    /** Problems past this many are counted but not each logged. */
    private static final int LOGGED_PROBLEMS = 20;

    record Settings(int gamesPerPlayer, int parallel, boolean easy, String family, long seed) {
    }

    private final RpsClient client;
    private final List<ScriptedPlayer> roster;
    private final Settings settings;
    private final PrintWriter err;
    private final Map<String, PlayerTally> tallies = new LinkedHashMap<>();
    private final AtomicInteger nextGame = new AtomicInteger();
    private final AtomicLong problemCount = new AtomicLong();

    RpsRun(RpsClient client, List<ScriptedPlayer> roster, Settings settings, PrintWriter err) {
        this.client = client;
        this.roster = List.copyOf(roster);
        this.settings = settings;
        this.err = err;
        for (ScriptedPlayer p : roster) {
            tallies.put(p.name(), new PlayerTally(p.name()));
        }
    }

    /** Plays until every game was played (or abandoned), or {@code stop} is requested. */
    RpsSummary run(StopSignal stop, Progress.Mode progressMode) throws InterruptedException {
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        try (RpsProgress progress = new RpsProgress(err, progressMode, tallies.values(), totalGames())) {
            progress.start();
            for (int i = 0; i < Math.min(settings.parallel(), totalGames()); i++) {
                Thread t = new Thread(() -> work(stop), "simulator-rps-" + i);
                t.start();
                workers.add(t);
            }
            for (Thread t : workers) {
                t.join();
            }
        }
        return RpsSummary.of(client.describe(), settings, System.nanoTime() - start, new ArrayList<>(tallies.values()));
    }

    int totalGames() {
        return settings.gamesPerPlayer() * roster.size();
    }

    private void work(StopSignal stop) {
        RpsClient.Session session = null;
        Consumer<String> problems = this::problem;
        try {
            int n;
            while (!stop.isRequested() && (n = nextGame.getAndIncrement()) < totalGames()) {
                ScriptedPlayer player = roster.get(n % roster.size());
                int game = n / roster.size();
                PlayerTally tally = tallies.get(player.name());
                if (session == null || !session.usable()) {
                    closeQuietly(session);
                    session = null;
                    try {
                        session = client.open();
                    } catch (RpsCallException e) {
                        tally.games.increment();
                        tally.abandoned.increment();
                        tally.error(e.kind());
                        continue;
                    }
                }
                new RpsGameLoop(session, tally, problems, stop)
                        .play(player, random(settings.seed(), player.name(), game), settings.easy(), settings.family());
            }
        } finally {
            closeQuietly(session);
        }
    }

    /** The random generator of one player's game: fixed by the seed, the player and the game number. */
    static SplittableRandom random(long seed, String player, int game) {
        long s = seed * 0x9E3779B97F4A7C15L;
        s = (s ^ player.hashCode()) * 0xBF58476D1CE4E5B9L;
        return new SplittableRandom(s ^ game);
    }

    private void problem(String what) {
        long n = problemCount.incrementAndGet();
        if (n <= LOGGED_PROBLEMS) {
            synchronized (err) {
                err.println("problem: " + what);
                if (n == LOGGED_PROBLEMS) {
                    err.println("problem: (further problems are counted, not shown)");
                }
                err.flush();
            }
        }
    }

    private static void closeQuietly(RpsClient.Session s) {
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // a session that fails to close has nothing more to give
            }
        }
    }
}
