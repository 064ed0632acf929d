package io.hindsight.gateway.http;

import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.gateway.rps.GameViews;
import io.hindsight.gateway.rps.RpsBackend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * An rps game processor in memory: a start command makes a game whose bot commits to round 1 (the gambit), a
 * move plays the round and the bot commits to the next one (rock, past the gambit). No Kafka, no model.
 */
public final class FakeRps implements RpsBackend {
    private final GameViews views = new GameViews();
    private final Map<String, RpsGame> games = new ConcurrentHashMap<>();

    @Override
    public GameViews views() {
        return views;
    }

    @Override
    public Mono<Void> send(RpsCommand c) {
        return Mono.fromRunnable(() -> {
            long ts = System.currentTimeMillis();
            RpsGame g = games.compute(c.gameId(), (id, game) -> {
                if (c.starts()) {
                    return commit(RpsGame.start(id, c.family() == null ? RpsRules.FORREST : c.family(), "Production",
                            c.easyMode(), ts), ts);
                }
                RpsGame played = game.play(c.round(), Move.fromId(c.move()), ts);
                return played.finished() ? played : commit(played, ts);
            });
            views.update(g.view());
        });
    }

    private static RpsGame commit(RpsGame g, long ts) {
        return g.gambitRound() ? g.commitGambit("salt-" + g.nextRound(), ts)
                : g.commit(Move.ROCK, "salt-" + g.nextRound(), BotSource.FALLBACK, null, ts);
    }

    @Override
    public boolean isReady() {
        return true;
    }
}
