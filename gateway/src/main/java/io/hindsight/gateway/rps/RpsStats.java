package io.hindsight.gateway.rps;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who wins, per family and alias, over the games this gateway saw finish on rps.games since it started
 * reading: a quick look for people, not the promotion's evidence (that is the promotion role's, from the
 * whole topic).
 */
public final class RpsStats {
    private final long since = System.currentTimeMillis();
    private final AtomicLong seen = new AtomicLong();
    private final Map<String, Tally> byModel = new ConcurrentHashMap<>();

    private static final class Tally {
        final String family;
        final String alias;
        final AtomicLong games = new AtomicLong();
        final AtomicLong player = new AtomicLong();
        final AtomicLong bot = new AtomicLong();
        final AtomicLong draws = new AtomicLong();

        Tally(String family, String alias) {
            this.family = family;
            this.alias = alias;
        }
    }

    /** One model's games; the player's win rate is over finished games, draws included. */
    @JsonPropertyOrder({"family", "alias", "finished", "playerWins", "botWins", "draws", "playerWinRate"})
    public record ModelStats(String family, String alias, long finished, long playerWins, long botWins, long draws,
                             double playerWinRate) {
    }

    @JsonPropertyOrder({"since", "gamesSeen", "finished", "playerWins", "botWins", "draws", "byModel"})
    public record Snapshot(long since, long gamesSeen, long finished, long playerWins, long botWins, long draws,
                           List<ModelStats> byModel) {
    }

    /** A view accepted by the cache, with the one it replaced (null for a game new to this gateway). */
    void seen(RpsGameView before, RpsGameView after) {
        if (before == null) {
            seen.incrementAndGet();
        }
        if (!after.finished() || (before != null && before.finished())) {
            return;
        }
        String family = Objects.requireNonNullElse(after.family(), "unknown");
        String alias = Objects.requireNonNullElse(after.alias(), "unknown");
        Tally t = byModel.computeIfAbsent(family + "/" + alias, k -> new Tally(family, alias));
        t.games.incrementAndGet();
        if (RpsGame.PLAYER.equals(after.winner())) {
            t.player.incrementAndGet();
        } else if (RpsGame.BOT.equals(after.winner())) {
            t.bot.incrementAndGet();
        } else {
            t.draws.incrementAndGet();
        }
    }

    public Snapshot snapshot() {
        List<ModelStats> models = new ArrayList<>();
        long finished = 0;
        long player = 0;
        long bot = 0;
        long draws = 0;
        for (Tally t : byModel.values()) {
            long g = t.games.get();
            long p = t.player.get();
            models.add(new ModelStats(t.family, t.alias, g, p, t.bot.get(), t.draws.get(), g == 0 ? 0 : (double) p / g));
            finished += g;
            player += p;
            bot += t.bot.get();
            draws += t.draws.get();
        }
        models.sort(Comparator.comparing(ModelStats::family).thenComparing(ModelStats::alias));
        return new Snapshot(since, seen.get(), finished, player, bot, draws, models);
    }
}
