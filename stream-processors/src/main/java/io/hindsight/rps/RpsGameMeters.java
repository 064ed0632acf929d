package io.hindsight.rps;

import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.RpsGame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The game processor's meters; Prometheus names in brackets.
 * <ul>
 *   <li>{@code hindsight.rps.games.started} [hindsight_rps_games_started_total];</li>
 *   <li>{@code hindsight.rps.games.finished} {winner="player"|"bot"|"draw"};</li>
 *   <li>{@code hindsight.rps.bot.moves} {source="gambit"|"model"|"fallback"}: fallback counts the rounds the
 *       predictor answered without a model and the bot played uniformly at random;</li>
 *   <li>{@code hindsight.rps.commands.rejected} {reason}: commands dead-lettered to {@code rps.moves.dlq};</li>
 *   <li>{@code hindsight.rps.duplicates}: a start for a game that exists, or a move retried for a round
 *       already played with that move, ignored;</li>
 *   <li>{@code hindsight.rps.predictions.ignored} {reason}: predictions that cannot move the bot (unknown
 *       game, not waiting for the bot, a stale round, unreadable).</li>
 * </ul>
 * Counted inside the topology: a retried transaction may count an event twice; the topics are exactly-once.
 */
public final class RpsGameMeters implements AutoCloseable {
    // commands.rejected reasons: short and bounded, the DLQ header carries the full message
    static final String INVALID = "invalid";
    static final String KEY_MISMATCH = "key-mismatch";
    static final String UNKNOWN_GAME = "unknown-game";
    static final String GAME_OVER = "game-over";
    static final String OUT_OF_TURN = "out-of-turn";
    static final String BAD_START = "bad-start";
    // predictions.ignored reasons
    static final String NOT_AWAITING_BOT = "not-awaiting-bot";
    static final String STALE_ROUND = "stale-round";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final List<Meter> registered = new ArrayList<>();

    public RpsGameMeters(MeterRegistry registry) {
        this.registry = registry;
        // registered at zero so dashboards and alerts see every series from the start
        counter("hindsight.rps.games.started", "games started", null, null);
        counter("hindsight.rps.duplicates", "retried starts and moves ignored", null, null);
        for (String w : List.of(RpsGame.PLAYER, RpsGame.BOT, "draw")) {
            finishedCounter(w);
        }
        for (String s : List.of(BotSource.GAMBIT, BotSource.MODEL, BotSource.FALLBACK)) {
            botMoveCounter(s);
        }
        for (String r : List.of(INVALID, KEY_MISMATCH, UNKNOWN_GAME, GAME_OVER, OUT_OF_TURN, BAD_START)) {
            rejectedCounter(r);
        }
        for (String r : List.of(INVALID, UNKNOWN_GAME, NOT_AWAITING_BOT, STALE_ROUND)) {
            ignoredCounter(r);
        }
    }

    void started() {
        counter("hindsight.rps.games.started", "games started", null, null).increment();
    }

    void finished(String winner) {
        finishedCounter(winner).increment();
    }

    void botMove(String source) {
        botMoveCounter(source).increment();
    }

    void rejected(String reason) {
        rejectedCounter(reason).increment();
    }

    void duplicate() {
        counter("hindsight.rps.duplicates", "retried starts and moves ignored", null, null).increment();
    }

    void predictionIgnored(String reason) {
        ignoredCounter(reason).increment();
    }

    private Counter finishedCounter(String winner) {
        return counter("hindsight.rps.games.finished", "games over, by winner", "winner", winner);
    }

    private Counter botMoveCounter(String source) {
        return counter("hindsight.rps.bot.moves", "bot moves committed, by where they came from", "source", source);
    }

    private Counter rejectedCounter(String reason) {
        return counter("hindsight.rps.commands.rejected", "commands sent to rps.moves.dlq, by reason", "reason", reason);
    }

    private Counter ignoredCounter(String reason) {
        return counter("hindsight.rps.predictions.ignored", "predictions that did not move the bot, by reason",
                "reason", reason);
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(name + "/" + value, k -> {
            Counter.Builder b = Counter.builder(name).description(description);
            if (tag != null) {
                b.tag(tag, value == null ? "none" : value);
            }
            return remember(b.register(registry));
        });
    }

    private synchronized <M extends Meter> M remember(M meter) {
        registered.add(meter);
        return meter;
    }

    /** Removes this instance's meters so a restarted role in the same JVM registers fresh ones. */
    @Override
    public synchronized void close() {
        registered.forEach(registry::remove);
        registered.clear();
        counters.clear();
    }
}
