package io.hindsight.trainer.rps;

import io.hindsight.contracts.rps.RpsRules;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * forrest: Tribuo XGBoost classification (multi:softprob, hist trees) on the 50 rps features.
 *
 * @param rounds           boosting rounds (3 trees each, one per move)
 * @param maxDepth         maximum tree depth
 * @param eta              shrinkage per round
 * @param subsample        fraction of rounds sampled per tree (seeded)
 * @param featureSubsample fraction of the 50 features considered per tree (seeded)
 * @param minChildWeight   smallest hessian sum in a leaf: larger is more conservative
 */
public record ForrestConfig(int rounds, int maxDepth, double eta, double subsample, double featureSubsample,
                            double minChildWeight, long seed, int threads) implements RpsModelConfig {
    public static final String FAMILY = RpsRules.FORREST;

    public ForrestConfig {
        if (rounds < 1 || maxDepth < 1 || threads < 1) {
            throw new IllegalArgumentException("rounds, maxDepth and threads must be >= 1");
        }
        if (!(eta > 0 && eta <= 1) || !(subsample > 0 && subsample <= 1) || !(featureSubsample > 0 && featureSubsample <= 1)) {
            throw new IllegalArgumentException("eta, subsample and featureSubsample must be in (0, 1]");
        }
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public ForrestConfig withSeed(long s) {
        return new ForrestConfig(rounds, maxDepth, eta, subsample, featureSubsample, minChildWeight, s, threads);
    }

    @Override
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", rounds);
        m.put("maxDepth", maxDepth);
        m.put("eta", eta);
        m.put("subsample", subsample);
        m.put("featureSubsample", featureSubsample);
        m.put("minChildWeight", minChildWeight);
        m.put("seed", seed);
        m.put("threads", threads);
        return m;
    }

    static ForrestConfig fromMap(Map<?, ?> m) {
        return new ForrestConfig(RpsModelConfig.number(m, "rounds").intValue(), RpsModelConfig.number(m, "maxDepth").intValue(),
                RpsModelConfig.number(m, "eta").doubleValue(), RpsModelConfig.number(m, "subsample").doubleValue(),
                RpsModelConfig.number(m, "featureSubsample").doubleValue(),
                RpsModelConfig.number(m, "minChildWeight").doubleValue(), RpsModelConfig.number(m, "seed").longValue(),
                RpsModelConfig.number(m, "threads").intValue());
    }
}
