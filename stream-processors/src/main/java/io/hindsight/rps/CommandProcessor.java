package io.hindsight.rps;

import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RoundLog;
import io.hindsight.contracts.rps.RpsCommand;
import io.hindsight.contracts.rps.RpsGame;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.rps.RpsWire;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies one raw command from {@code rps.moves} to its game. A start creates the game and commits the
 * gambit's round 1; a move resolves the round in play, writes its feedback and training example, then either
 * commits the next gambit move at once or asks the predictor (rounds 4+), leaving the game awaiting the bot.
 * Every accepted step ends with one view on {@code rps.games} that carries the step's final state.
 *
 * <p>Bad commands go to {@code rps.moves.dlq} with their original key, bytes and headers plus the reason;
 * retries (a second start, a move repeated for a round already played with that move) are counted and
 * dropped. A valid command without a key is handed back to the topology to be re-keyed by its game id, since
 * only the game id's partition holds the game.
 */
final class CommandProcessor implements Processor<byte[], byte[], byte[], Emit> {
    static final String STAGE = "rps-games";

    private final RpsGameMeters meters;
    private final Supplier<String> salts;
    private ProcessorContext<byte[], Emit> context;
    private KeyValueStore<String, RpsGame> games;

    CommandProcessor(RpsGameMeters meters, Supplier<String> salts) {
        this.meters = meters;
        this.salts = salts;
    }

    @Override
    public void init(ProcessorContext<byte[], Emit> context) {
        this.context = context;
        this.games = context.getStateStore(RpsGameTopology.GAMES_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Parsed<RpsCommand> parsed = RpsWire.COMMAND.read(record.value());
        if (!parsed.isOk()) {
            reject(record, RpsGameMeters.INVALID, parsed.reason());
            return;
        }
        RpsCommand cmd = parsed.value();
        String key = record.key() == null || record.key().length == 0 ? null
                : new String(record.key(), StandardCharsets.UTF_8);
        if (key == null) {
            context.forward(new Record<>(GameEmits.utf8(cmd.gameId()), Emit.reroute(record.value()), record.timestamp(),
                    record.headers()));
            return;
        }
        if (!key.equals(cmd.gameId())) {
            reject(record, RpsGameMeters.KEY_MISMATCH,
                    "record key '" + key + "' is not the command's gameId '" + cmd.gameId() + "'");
            return;
        }
        RpsGame game = games.get(cmd.gameId());
        if (cmd.starts()) {
            start(record, cmd, game);
        } else {
            move(record, cmd, game);
        }
    }

    private void start(Record<byte[], byte[]> record, RpsCommand cmd, RpsGame existing) {
        if (existing != null) {
            meters.duplicate();
            return;
        }
        String id = cmd.gameId();
        long now = record.timestamp();
        RpsGame game;
        try {
            game = RpsGame.start(id, cmd.family() != null ? cmd.family() : RpsRules.familyFor(id),
                    RpsRules.aliasFor(id), cmd.easyMode(), now);
        } catch (IllegalArgumentException e) {
            reject(record, RpsGameMeters.BAD_START, e.getMessage());
            return;
        }
        game = commitGambit(game, now);
        meters.started();
        games.put(id, game);
        context.forward(GameEmits.view(game, now));
    }

    private void move(Record<byte[], byte[]> record, RpsCommand cmd, RpsGame game) {
        if (game == null) {
            reject(record, RpsGameMeters.UNKNOWN_GAME, "unknown game " + cmd.gameId());
            return;
        }
        Move move = Move.fromId(cmd.move());
        if (alreadyPlayed(game, cmd.round(), move)) {
            meters.duplicate(); // a client retry: the round's outputs were written the first time
            return;
        }
        if (game.finished()) {
            reject(record, RpsGameMeters.GAME_OVER, "game " + game.gameId() + " is over");
            return;
        }
        long now = record.timestamp();
        RpsGame after;
        try {
            after = game.play(cmd.round(), move, now);
        } catch (IllegalStateException e) {
            reject(record, RpsGameMeters.OUT_OF_TURN, e.getMessage());
            return;
        }
        context.forward(GameEmits.feedback(after, now));
        context.forward(GameEmits.example(game, after, now));
        if (after.finished()) {
            meters.finished(after.winner());
        } else if (after.gambitRound()) {
            after = commitGambit(after, now);
        } else {
            context.forward(GameEmits.request(after, now));
        }
        games.put(after.gameId(), after);
        context.forward(GameEmits.view(after, now));
    }

    private RpsGame commitGambit(RpsGame game, long now) {
        meters.botMove(BotSource.GAMBIT);
        return game.commitGambit(salts.get(), now);
    }

    private static boolean alreadyPlayed(RpsGame game, int round, Move move) {
        for (RoundLog r : game.rounds()) {
            if (r.round() == round) {
                return r.player().equals(move.id());
            }
        }
        return false;
    }

    /** Original key, bytes and headers, plus the DLQ headers naming why and where from. */
    private void reject(Record<byte[], byte[]> record, String reason, String message) {
        meters.rejected(reason);
        RecordMetadata meta = context.recordMetadata().orElse(null);
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        for (Header h : DlqHeaders.of(message, STAGE, meta == null ? Topics.RPS_MOVES.name() : meta.topic(),
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset())) {
            headers.add(h);
        }
        context.forward(new Record<>(record.key(), new Emit(Topics.RPS_MOVES.dlq().name(), record.value()),
                record.timestamp(), headers));
    }
}
