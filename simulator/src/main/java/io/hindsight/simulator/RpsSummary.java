package io.hindsight.simulator;

import io.hindsight.contracts.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an rps run came to, per player and in total: printed at the end like the other simulate commands'
 * {@link Summary}, and optionally written as JSON.
 *
 * @param players one row per player of the roster, in roster order
 */
public record RpsSummary(String target, int parallel, double elapsedSeconds, int gamesPerPlayer, long seed, boolean easy,
                         String family, List<Row> players, Row total) {

    /**
     * One player's games.
     *
     * @param games         games begun (finished + abandoned)
     * @param botWinRate    bot wins / finished games; null when none finished
     * @param meanRounds    rounds per finished game; null when none finished
     * @param moveLatencyMs from sending a move to the resolved round, every answered move
     * @param errors        failed calls by kind; each abandoned its game
     */
    public record Row(String player, long games, long finished, long abandoned, long playerWins, long botWins, long draws,
                      Double botWinRate, Double meanRounds, Summary.Latency moveLatencyMs, long commitmentsVerified,
                      long commitmentsFailed, long scoreMismatches, Map<String, Long> errors) {

        static Row of(PlayerTally t) {
            long finished = t.finished.sum();
            return new Row(t.player, t.games.sum(), finished, t.abandoned.sum(), t.playerWins.sum(), t.botWins.sum(),
                    t.draws.sum(), finished == 0 ? null : round3((double) t.botWins.sum() / finished),
                    finished == 0 ? null : round3((double) t.rounds.sum() / finished), Summary.Latency.of(t.moveLatency()),
                    t.commitmentsVerified.sum(), t.commitmentsFailed.sum(), t.scoreMismatches.sum(), t.errorsByKind());
        }

        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static RpsSummary of(String target, RpsRun.Settings s, long elapsedNanos, List<PlayerTally> tallies) {
        return new RpsSummary(target, s.parallel(), Math.round(elapsedNanos / 1e6) / 1e3, s.gamesPerPlayer(), s.seed(),
                s.easy(), s.family(), tallies.stream().map(Row::of).toList(), Row.of(PlayerTally.sum("total", tallies)));
    }

    /** True when every revealed move opened its commitment and every score added up. */
    public boolean fair() {
        return total.commitmentsFailed() == 0 && total.scoreMismatches() == 0;
    }

    private static final String ROW = "%-20s %5s %5s %5s  %6s %5s %5s %7s %6s %8s %8s  %9s %6s %6s %6s%n";

    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "mode        rps games, parallel %d, %.2f s%n", parallel, elapsedSeconds);
        out.printf("target      %s%n", target);
        out.printf("games       %d per player, seed %d, %s, %s%n", gamesPerPlayer, seed, easy ? "easy" : "normal",
                family == null ? "family chosen per game" : "family " + family);
        out.printf(ROW, "player", "games", "over", "aband", "player", "bot", "draw", "bot win", "rounds", "p50 ms", "p95 ms",
                "commit ok", "failed", "scores", "errors");
        for (Row r : players) {
            printRow(out, r);
        }
        printRow(out, total);
        out.printf("commitments %d verified, %d failed%n", total.commitmentsVerified(), total.commitmentsFailed());
        out.printf("scores      %s%n", total.scoreMismatches() == 0 ? "all added up"
                : total.scoreMismatches() + " rounds did not add up");
        out.printf("errors      %s%n", total.errors().isEmpty() ? "0" : total.errorCount() + " " + total.errors());
        for (Row r : players) {
            if (!r.errors().isEmpty()) {
                out.printf("  %-20s %s%n", r.player(), r.errors());
            }
        }
        out.printf("verdict     %s%n", fair() ? "fair: every revealed move matched its commitment, every score added up"
                : "UNFAIR: " + total.commitmentsFailed() + " commitments failed, " + total.scoreMismatches()
                        + " score mismatches");
        out.flush();
    }

    private static void printRow(PrintWriter out, Row r) {
        out.printf(Locale.ROOT, ROW, r.player(), r.games(), r.finished(), r.abandoned(), r.playerWins(), r.botWins(), r.draws(),
                r.botWinRate() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", r.botWinRate() * 100),
                r.meanRounds() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.meanRounds()),
                String.format(Locale.ROOT, "%.3f", r.moveLatencyMs().p50()),
                String.format(Locale.ROOT, "%.3f", r.moveLatencyMs().p95()),
                r.commitmentsVerified(), r.commitmentsFailed(), r.scoreMismatches(), r.errorCount());
    }

    void writeJson(Path path) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("task", "rps");
        doc.put("target", target);
        doc.put("parallel", parallel);
        doc.put("elapsedSeconds", elapsedSeconds);
        doc.put("gamesPerPlayer", gamesPerPlayer);
        doc.put("seed", seed);
        doc.put("easy", easy);
        doc.put("family", family);
        doc.put("fair", fair());
        doc.put("players", players.stream().map(RpsSummary::json).toList());
        doc.put("total", json(total));
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(path, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
    }

    private static Map<String, Object> json(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("player", r.player());
        m.put("games", r.games());
        m.put("finished", r.finished());
        m.put("abandoned", r.abandoned());
        m.put("playerWins", r.playerWins());
        m.put("botWins", r.botWins());
        m.put("draws", r.draws());
        m.put("botWinRate", r.botWinRate());
        m.put("meanRounds", r.meanRounds());
        Summary.Latency l = r.moveLatencyMs();
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("count", l.count());
        lat.put("mean", l.mean());
        lat.put("p50", l.p50());
        lat.put("p95", l.p95());
        lat.put("p99", l.p99());
        lat.put("max", l.max());
        m.put("moveLatencyMs", lat);
        m.put("commitmentsVerified", r.commitmentsVerified());
        m.put("commitmentsFailed", r.commitmentsFailed());
        m.put("scoreMismatches", r.scoreMismatches());
        m.put("errors", r.errors());
        return m;
    }

    private static double round3(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
