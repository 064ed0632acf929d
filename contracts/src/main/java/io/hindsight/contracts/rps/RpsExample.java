package io.hindsight.contracts.rps;

import java.util.List;

/**
 * One labelled round on {@code rps.rounds}, keyed "gameId:round": the features the models saw and the move
 * the player then made. One partition, kept forever, so a model's training data is an exact offset range.
 *
 * @param source "live" for games played on Hindsight, "synthetic" for the first start's generated games
 * @param player which scripted player made the move, for synthetic games; null for people
 */
public record RpsExample(String gameId, int round, String family, String alias, List<Double> features, String move,
                         long ts, String source, String player) {

    public static RpsExample of(RpsGame before, RpsGame after, String source, String player) {
        RoundLog r = after.lastRound();
        return new RpsExample(after.gameId(), r.round(), after.family(), after.alias(),
                RpsRequest.boxed(before.features()), r.player(), r.ts(), source, player);
    }

    public String key() {
        return RpsRequest.idOf(gameId, round);
    }

    public double[] featureArray() {
        double[] f = new double[features.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = features.get(i);
        }
        return f;
    }

    public int label() {
        return Move.fromId(move).index();
    }
}
