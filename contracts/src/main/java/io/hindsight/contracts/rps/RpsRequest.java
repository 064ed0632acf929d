package io.hindsight.contracts.rps;

import java.util.ArrayList;
import java.util.List;

/**
 * The value on {@code rps.requests}, keyed by game id: predict the player's move in {@code round}.
 * {@code family} and {@code alias} name the model that moves the bot; the family's other aliases predict
 * as shadows.
 *
 * @param id "gameId:round", the request id predictions and feedback are joined on
 */
public record RpsRequest(String id, String gameId, int round, String family, String alias, List<Double> features) {

    public static String idOf(String gameId, int round) {
        return gameId + ":" + round;
    }

    public static RpsRequest of(RpsGame game) {
        return new RpsRequest(idOf(game.gameId(), game.nextRound()), game.gameId(), game.nextRound(), game.family(),
                game.alias(), boxed(game.features()));
    }

    public double[] featureArray() {
        double[] f = new double[features.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = features.get(i);
        }
        return f;
    }

    static List<Double> boxed(double[] f) {
        List<Double> out = new ArrayList<>(f.length);
        for (double v : f) {
            out.add(v);
        }
        return out;
    }
}
