package io.hindsight.simulator;

import io.hindsight.contracts.rps.BotPolicy;
import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Commitment;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.PlayedRound;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.rps.RpsRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;

/**
 * Real rps games for the simulator's tests, on the contracts engine ({@link RpsGame}) as the game processor
 * plays them: the gambit for rounds 1-3, then {@link BotPolicy} on the player's move frequencies so far (a
 * stand-in for a model). It can be told to cheat (reveal a move other than the one committed) or to fail
 * chosen move calls.
 */
final class RpsReferee {

    /** An answer: the status, and the views the game went through (the last is the settled one). */
    record Answer(int status, List<RpsGameView> views, String reason) {
        RpsGameView view() {
            return views.get(views.size() - 1);
        }

        static Answer error(int status, String reason) {
            return new Answer(status, List.of(), reason);
        }
    }

    private final Map<String, RpsGame> games = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong moveCalls = new AtomicLong();
    private final SplittableRandom random = new SplittableRandom(42);
    private volatile IntPredicate cheatIn = round -> false;
    private volatile LongPredicate failMove = n -> false;

    /** In the rounds chosen, reveals (and scores) a move other than the one committed to. */
    RpsReferee cheatingIn(IntPredicate rounds) {
        this.cheatIn = rounds;
        return this;
    }

    /** Answers 504 to the move calls (0-based, in arrival order) chosen. */
    RpsReferee failingMoves(LongPredicate calls) {
        this.failMove = calls;
        return this;
    }

    synchronized Answer start(boolean easy, String family) {
        return start(null, easy, family);
    }

    /** @param gameId the player's game id (as on Kafka), or null to name the game here (as the gateway does) */
    synchronized Answer start(String gameId, boolean easy, String family) {
        if (family != null && !RpsRules.isFamily(family)) {
            return Answer.error(400, "unknown family " + family);
        }
        String id = gameId != null ? gameId : "g" + ids.incrementAndGet();
        if (games.containsKey(id)) {
            return Answer.error(409, "game " + id + " exists");
        }
        long now = System.currentTimeMillis();
        RpsGame g = RpsGame.start(id, family != null ? family : RpsRules.familyFor(id), RpsRules.aliasFor(id), easy, now);
        RpsGame committed = g.commitGambit(Commitment.newSalt(), now);
        games.put(id, committed);
        return new Answer(201, List.of(g.view(), committed.view()), null);
    }

    synchronized Answer move(String gameId, int round, String moveId) {
        if (failMove.test(moveCalls.getAndIncrement())) {
            return Answer.error(504, "the bot did not answer in time");
        }
        RpsGame g = games.get(gameId);
        if (g == null) {
            return Answer.error(404, "no game " + gameId);
        }
        Move move;
        try {
            move = Move.fromId(moveId);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
        if (g.finished() || round != g.view().round()) {
            return Answer.error(409, "game " + gameId + " is " + g.status() + " in round " + g.view().round());
        }
        if (cheatIn.test(round)) {
            RpsGame.Pending p = g.pending();
            Move other = Move.fromId(p.bot()).counter();
            g = new RpsGame(g.gameId(), g.family(), g.alias(), g.easy(), g.gambit(), g.rounds(),
                    new RpsGame.Pending(p.round(), p.value(), other.id(), p.salt(), p.commitment(), p.botSource(), p.model()),
                    g.status(), g.winner(), g.seq(), g.startedTs(), g.updatedTs());
        }
        long now = System.currentTimeMillis();
        RpsGame played = g.play(round, move, now);
        List<RpsGameView> views = new ArrayList<>(List.of(played.view()));
        if (!played.finished()) {
            played = commitNext(played, now);
            views.add(played.view());
        }
        games.put(gameId, played);
        return new Answer(200, views, null);
    }

    synchronized Answer get(String gameId) {
        RpsGame g = games.get(gameId);
        return g == null ? Answer.error(404, "no game " + gameId) : new Answer(200, List.of(g.view()), null);
    }

    private RpsGame commitNext(RpsGame g, long now) {
        if (g.gambitRound()) {
            return g.commitGambit(Commitment.newSalt(), now);
        }
        double[] p = {1, 1, 1}; // Laplace-smoothed frequencies of the player's moves
        for (PlayedRound r : g.played()) {
            p[r.player().index()]++;
        }
        double sum = p[0] + p[1] + p[2];
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        Move bot = BotPolicy.choose(p, g.nextValue(), g.easy(), random);
        return g.commit(bot, Commitment.newSalt(), BotSource.MODEL, "referee-frequencies", now);
    }

    List<RpsGame> games() {
        return List.copyOf(games.values());
    }
}
