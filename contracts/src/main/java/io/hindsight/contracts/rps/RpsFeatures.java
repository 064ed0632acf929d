package io.hindsight.contracts.rps;

import java.util.ArrayList;
import java.util.List;

/**
 * The 50-feature contract: what every rps model sees when it predicts the player's move in a round, computed
 * by this one class for serving (the game processor) and training (the trainer), so the two cannot drift.
 * Changing it means retraining every family; {@code RpsFeaturesTest} pins a known game's vector.
 *
 * <pre>
 *  0-8   player's move at lags 1..3, one-hot rock/paper/scissors (zeros before the game had that round)
 *  9-17  bot's move at lags 1..3, one-hot
 * 18-26  result at lags 1..3 from the player's side, one-hot win/tie/loss
 * 27     this round's value (1.0-2.0), known before the bot predicts
 * 28-30  round values at lags 1..3 (0 when missing)
 * 31-32  player and bot score / 10
 * 33     (player - bot) / 10
 * 34     round number / 30
 * 35-36  1 if this round's value would win the game for the player / for the bot
 * 37-39  player's move frequencies over the whole game (1/3 each before any round)
 * 40-42  player's move frequencies over the last 5 rounds
 * 43     how often the player repeated their previous move
 * 44     how often the player played what beats the bot's previous move
 * 45     win-stay: after a win, how often the player repeated
 * 46     lose-shift: after a loss, how often the player changed
 * 47     entropy of the player's moves / ln 3
 * 48     current result streak, signed (+ player wins, - player losses) / 5, clipped to [-1, 1]
 * 49     easy mode flag (kept at index 49 as in RPS Quest)
 * </pre>
 */
public final class RpsFeatures {
    public static final int COUNT = 50;
    public static final int EASY_MODE = 49;
    private static final int RECENT = 5;
    public static final List<String> NAMES = names();

    private RpsFeatures() {
    }

    /**
     * The vector for predicting the player's move in the round after {@code history}.
     *
     * @param history    the finished rounds, oldest first
     * @param roundValue the value of the round being predicted
     */
    public static double[] vector(List<PlayedRound> history, double roundValue, boolean easy) {
        double[] f = new double[COUNT];
        int n = history.size();
        for (int lag = 1; lag <= RpsRules.LOOKBACK; lag++) {
            if (n - lag < 0) {
                continue;
            }
            PlayedRound r = history.get(n - lag);
            int o = (lag - 1) * Move.COUNT;
            f[o + r.player().index()] = 1;
            f[9 + o + r.bot().index()] = 1;
            f[18 + o + r.result().ordinal()] = 1;
            f[27 + lag] = r.value();
        }
        f[27] = roundValue;
        double player = n == 0 ? 0 : history.get(n - 1).playerScore();
        double bot = n == 0 ? 0 : history.get(n - 1).botScore();
        f[31] = player / RpsRules.TARGET_POINTS;
        f[32] = bot / RpsRules.TARGET_POINTS;
        f[33] = (player - bot) / RpsRules.TARGET_POINTS;
        f[34] = (n + 1) / 30.0;
        f[35] = player + roundValue >= RpsRules.TARGET_POINTS ? 1 : 0;
        f[36] = bot + roundValue >= RpsRules.TARGET_POINTS ? 1 : 0;
        frequencies(history, 0, f, 37);
        frequencies(history, Math.max(0, n - RECENT), f, 40);
        int repeats = 0;
        int beatLast = 0;
        int wins = 0;
        int winStays = 0;
        int losses = 0;
        int loseShifts = 0;
        for (int i = 1; i < n; i++) {
            PlayedRound prev = history.get(i - 1);
            PlayedRound cur = history.get(i);
            boolean repeated = cur.player() == prev.player();
            repeats += repeated ? 1 : 0;
            beatLast += cur.player() == prev.bot().counter() ? 1 : 0;
            if (prev.result() == Result.WIN) {
                wins++;
                winStays += repeated ? 1 : 0;
            } else if (prev.result() == Result.LOSS) {
                losses++;
                loseShifts += repeated ? 0 : 1;
            }
        }
        f[43] = n > 1 ? repeats / (double) (n - 1) : 0;
        f[44] = n > 1 ? beatLast / (double) (n - 1) : 0;
        f[45] = wins > 0 ? winStays / (double) wins : 0;
        f[46] = losses > 0 ? loseShifts / (double) losses : 0;
        f[47] = entropy(f[37], f[38], f[39], n);
        f[48] = streak(history);
        f[EASY_MODE] = easy ? 1 : 0;
        return f;
    }

    private static void frequencies(List<PlayedRound> history, int from, double[] f, int at) {
        int total = history.size() - from;
        if (total <= 0) {
            f[at] = f[at + 1] = f[at + 2] = 1.0 / 3;
            return;
        }
        for (int i = from; i < history.size(); i++) {
            f[at + history.get(i).player().index()] += 1.0 / total;
        }
    }

    private static double entropy(double r, double p, double s, int n) {
        if (n == 0) {
            return 0;
        }
        double h = 0;
        for (double q : new double[] {r, p, s}) {
            if (q > 0) {
                h -= q * Math.log(q);
            }
        }
        return h / Math.log(3);
    }

    private static double streak(List<PlayedRound> history) {
        int k = 0;
        Result kind = null;
        for (int i = history.size() - 1; i >= 0; i--) {
            Result r = history.get(i).result();
            if (r == Result.TIE || (kind != null && r != kind)) {
                break;
            }
            kind = r;
            k++;
        }
        double signed = kind == Result.LOSS ? -k : k;
        return Math.max(-1, Math.min(1, signed / 5.0));
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>(COUNT);
        String[] moves = {"rock", "paper", "scissors"};
        String[] results = {"win", "tie", "loss"};
        for (String who : new String[] {"player", "bot"}) {
            for (int lag = 1; lag <= 3; lag++) {
                for (String m : moves) {
                    n.add(who + "_lag" + lag + "_" + m);
                }
            }
        }
        for (int lag = 1; lag <= 3; lag++) {
            for (String r : results) {
                n.add("result_lag" + lag + "_" + r);
            }
        }
        n.add("round_value");
        for (int lag = 1; lag <= 3; lag++) {
            n.add("round_value_lag" + lag);
        }
        n.addAll(List.of("player_score", "bot_score", "score_diff", "round_number",
                "player_match_point", "bot_match_point"));
        for (String m : moves) {
            n.add("player_freq_" + m);
        }
        for (String m : moves) {
            n.add("player_recent_freq_" + m);
        }
        n.addAll(List.of("player_repeat_rate", "player_beat_last_rate", "win_stay_rate", "lose_shift_rate",
                "player_entropy", "result_streak", "easy_mode"));
        if (n.size() != COUNT) {
            throw new IllegalStateException("feature names: " + n.size() + " != " + COUNT);
        }
        return List.copyOf(n);
    }
}
