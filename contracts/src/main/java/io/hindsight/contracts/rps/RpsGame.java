package io.hindsight.contracts.rps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A game's whole state, pure and immutable: the game processor keeps it in a state store, the trainer's
 * synthetic games drive it directly. The pending bot move and salt are secret until the player moves;
 * {@link #view()} is the public state without them.
 *
 * <p>Life of a round: {@link #commit} fixes the bot's move (status awaiting-player, commitment visible),
 * {@link #play} resolves it against the player's move (status awaiting-bot for the next round, or over).
 *
 * @param seq one more for every accepted event, so a reader can wait for "a state newer than n"
 */
public record RpsGame(String gameId, String family, String alias, boolean easy, String gambit,
                      List<RoundLog> rounds, Pending pending, String status, String winner,
                      long seq, long startedTs, long updatedTs) {

    public static final String AWAITING_BOT = "awaiting-bot";
    public static final String AWAITING_PLAYER = "awaiting-player";
    public static final String OVER = "over";
    public static final String PLAYER = "player";
    public static final String BOT = "bot";

    /** The round in play: the bot has committed, the player has not moved. */
    public record Pending(int round, double value, String bot, String salt, String commitment,
                          String botSource, String model) {
    }

    public RpsGame {
        Objects.requireNonNull(gameId, "gameId");
        rounds = List.copyOf(rounds);
    }

    public static RpsGame start(String gameId, String family, String alias, boolean easy, long ts) {
        if (!RpsRules.isFamily(family)) {
            throw new IllegalArgumentException("unknown family '" + family + "' (known: " + RpsRules.FAMILIES + ")");
        }
        return new RpsGame(gameId, family, alias, easy, RpsRules.gambitFor(gameId).id(), List.of(), null,
                AWAITING_BOT, null, 1, ts, ts);
    }

    /** The round the bot must commit to next, or is committed to. */
    public int nextRound() {
        return rounds.size() + 1;
    }

    public double nextValue() {
        return RpsRules.roundValue(gameId, nextRound());
    }

    /** True when the next bot move is the gambit's, not a model's. */
    public boolean gambitRound() {
        return nextRound() <= RpsRules.GAMBIT_ROUNDS;
    }

    public Gambit gambitScript() {
        for (Gambit g : Gambit.values()) {
            if (g.id().equals(gambit)) {
                return g;
            }
        }
        throw new IllegalStateException("unknown gambit " + gambit);
    }

    public boolean finished() {
        return OVER.equals(status);
    }

    public double playerScore() {
        return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).playerScore();
    }

    public double botScore() {
        return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).botScore();
    }

    public List<PlayedRound> played() {
        List<PlayedRound> out = new ArrayList<>(rounds.size());
        for (RoundLog r : rounds) {
            out.add(r.played());
        }
        return out;
    }

    /** The 50 features for predicting the player's move in the next round. */
    public double[] features() {
        return RpsFeatures.vector(played(), nextValue(), easy);
    }

    /** Fixes the bot's move for the next round; the commitment becomes visible, the move stays secret. */
    public RpsGame commit(Move bot, String salt, String botSource, String model, long ts) {
        if (!AWAITING_BOT.equals(status)) {
            throw new IllegalStateException("game " + gameId + " is " + status + ", the bot cannot commit now");
        }
        int round = nextRound();
        Pending p = new Pending(round, nextValue(), bot.id(), salt, Commitment.of(gameId, round, bot, salt), botSource, model);
        return new RpsGame(gameId, family, alias, easy, gambit, rounds, p, AWAITING_PLAYER, null, seq + 1, startedTs, ts);
    }

    /** The gambit's move for rounds 1-3. */
    public RpsGame commitGambit(String salt, long ts) {
        if (!gambitRound()) {
            throw new IllegalStateException("round " + nextRound() + " is past the gambit");
        }
        return commit(gambitScript().move(nextRound()), salt, BotSource.GAMBIT, null, ts);
    }

    /**
     * Resolves the round in play against the player's move.
     *
     * @throws IllegalStateException when no round is in play or {@code round} is not it
     */
    public RpsGame play(int round, Move player, long ts) {
        if (!AWAITING_PLAYER.equals(status)) {
            throw new IllegalStateException("game " + gameId + " is " + status + ", not awaiting the player's move");
        }
        if (round != pending.round()) {
            throw new IllegalStateException("game " + gameId + " is in round " + pending.round() + ", not " + round);
        }
        Move bot = Move.fromId(pending.bot());
        Result result = Result.of(player, bot);
        double ps = playerScore() + (result == Result.WIN ? pending.value() : 0);
        double bs = botScore() + (result == Result.LOSS ? pending.value() : 0);
        ps = Math.round(ps * 10) / 10.0; // values are tenths: keep totals exact
        bs = Math.round(bs * 10) / 10.0;
        List<RoundLog> next = new ArrayList<>(rounds);
        next.add(new RoundLog(round, pending.value(), player.id(), bot.id(), result.id(), ps, bs,
                pending.commitment(), pending.salt(), pending.botSource(), pending.model(), ts));
        String winner = ps >= RpsRules.TARGET_POINTS ? PLAYER : bs >= RpsRules.TARGET_POINTS ? BOT : null;
        boolean over = winner != null || next.size() >= RpsRules.MAX_ROUNDS;
        if (over && winner == null) {
            winner = ps > bs ? PLAYER : bs > ps ? BOT : "draw";
        }
        return new RpsGame(gameId, family, alias, easy, gambit, next, null, over ? OVER : AWAITING_BOT, winner,
                seq + 1, startedTs, ts);
    }

    public RoundLog lastRound() {
        return rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
    }

    /** The public state: everything but the pending move and salt. */
    public RpsGameView view() {
        return new RpsGameView(gameId, family, alias, easy, gambit, status,
                pending == null ? nextRound() : pending.round(),
                pending == null ? nextValue() : pending.value(),
                pending == null ? null : pending.commitment(),
                playerScore(), botScore(), RpsRules.TARGET_POINTS, winner, rounds, seq, startedTs, updatedTs);
    }
}
