package io.hindsight.rps;

import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.rps.BotPolicy;
import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsGame;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Moves the bot with the served prediction of the player's next move, keyed by game id after the
 * repartition. Only a prediction for the round the game is waiting on counts; replays, late duplicates and
 * predictions for games it does not know are counted and dropped. The predictor answers "fallback" when it
 * has no model: the bot then plays uniformly at random.
 */
final class PredictionProcessor implements Processor<String, PredictionRecord, byte[], Emit> {
    /** The version the predictor serves when no model is loaded. */
    static final String FALLBACK_VERSION = "fallback";

    private final RpsGameMeters meters;
    private final RandomGenerator random;
    private final Supplier<String> salts;
    private ProcessorContext<byte[], Emit> context;
    private KeyValueStore<String, RpsGame> games;

    PredictionProcessor(RpsGameMeters meters, RandomGenerator random, Supplier<String> salts) {
        this.meters = meters;
        this.random = random;
        this.salts = salts;
    }

    @Override
    public void init(ProcessorContext<byte[], Emit> context) {
        this.context = context;
        this.games = context.getStateStore(RpsGameTopology.GAMES_STORE);
    }

    @Override
    public void process(Record<String, PredictionRecord> record) {
        PredictionRecord p = record.value();
        RequestId id = RequestId.parse(p.requestId());
        RpsGame game = games.get(record.key());
        if (game == null) {
            meters.predictionIgnored(RpsGameMeters.UNKNOWN_GAME);
            return;
        }
        if (!RpsGame.AWAITING_BOT.equals(game.status())) {
            meters.predictionIgnored(RpsGameMeters.NOT_AWAITING_BOT);
            return;
        }
        if (id == null || id.round() != game.nextRound()) {
            meters.predictionIgnored(RpsGameMeters.STALE_ROUND);
            return;
        }
        ModelOutput served = p.served();
        double[] scores = served == null ? null : probabilities(served.scores());
        RpsGame after;
        long now = record.timestamp();
        if (scores != null && !FALLBACK_VERSION.equals(served.version())) {
            Move bot = BotPolicy.choose(scores, game.nextValue(), game.easy(), random);
            after = game.commit(bot, salts.get(), BotSource.MODEL, served.version(), now);
        } else {
            after = game.commit(Move.ofIndex(random.nextInt(Move.COUNT)), salts.get(), BotSource.FALLBACK, null, now);
        }
        meters.botMove(after.pending().botSource());
        games.put(after.gameId(), after);
        context.forward(GameEmits.view(after, now));
    }

    /** The three class probabilities, or null when the output is not a usable distribution over moves. */
    static double[] probabilities(List<Double> scores) {
        if (scores == null || scores.size() != Move.COUNT) {
            return null;
        }
        double[] p = new double[Move.COUNT];
        for (int i = 0; i < p.length; i++) {
            Double s = scores.get(i);
            if (s == null || !Double.isFinite(s)) {
                return null;
            }
            p[i] = s;
        }
        return p;
    }
}
