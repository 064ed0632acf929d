package io.hindsight.gateway;

import io.hindsight.contracts.rps.BotPolicy;
import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Commitment;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RoundLog;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.rps.RpsWire;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A stand-in for the game processor: reads rps.moves, drives the contracts' {@link RpsGame} and writes each state's
 * view to rps.games, the way the real one does (every event's state, awaiting-bot included). Rounds 1-3 follow the
 * game's gambit; later the bot plays {@link BotPolicy} against the player's move frequencies so far ("model"
 * rps-test-frequency). A move for a round already played is ignored (the real processor is idempotent too), as are
 * commands that break the contract. Games in {@link #silenced} get no answer to their moves.
 */
final class RpsResponder extends TestResponder {
    static final String MODEL = "rps-test-frequency";

    final Map<String, RpsGame> games = new ConcurrentHashMap<>();
    final Set<String> silenced = ConcurrentHashMap.newKeySet();
    final AtomicInteger commands = new AtomicInteger();
    private final Random random = new Random(7);

    RpsResponder(String bootstrap) {
        super(bootstrap, "rps-responder", List.of(Topics.RPS_MOVES.name()));
    }

    @Override
    void on(ConsumerRecord<String, byte[]> r) {
        commands.incrementAndGet();
        Parsed<RpsCommand> parsed = RpsWire.COMMAND.read(r.value());
        if (!parsed.isOk() || !parsed.value().gameId().equals(r.key())) {
            return; // the real processor dead-letters it
        }
        RpsCommand c = parsed.value();
        long now = System.currentTimeMillis();
        RpsGame game = games.get(c.gameId());
        if (c.starts()) {
            if (game != null) {
                return;
            }
            String family = c.family() != null ? c.family() : RpsRules.familyFor(c.gameId());
            game = RpsGame.start(c.gameId(), family, RpsRules.aliasFor(c.gameId()), c.easyMode(), now);
            publish(game);
            publish(commit(game, now));
            return;
        }
        if (game == null || silenced.contains(c.gameId()) || !RpsGame.AWAITING_PLAYER.equals(game.status())
                || game.pending().round() != c.round()) {
            return;
        }
        game = game.play(c.round(), Move.fromId(c.move()), now);
        publish(game);
        if (!game.finished()) {
            publish(commit(game, now));
        }
    }

    private RpsGame commit(RpsGame game, long now) {
        if (game.gambitRound()) {
            return game.commitGambit(Commitment.newSalt(), now);
        }
        double[] p = new double[Move.COUNT];
        for (RoundLog r : game.rounds()) {
            p[r.playerMove().index()]++;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= game.rounds().size();
        }
        Move bot = BotPolicy.choose(p, game.nextValue(), game.easy(), random);
        return game.commit(bot, Commitment.newSalt(), BotSource.MODEL, MODEL, now);
    }

    private void publish(RpsGame game) {
        games.put(game.gameId(), game);
        send(Topics.RPS_GAMES.name(), game.gameId(), game.view());
    }
}
