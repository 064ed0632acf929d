package io.hindsight.trainer.rps;

import io.hindsight.contracts.rps.RpsRules;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * brian: a feedforward network 50 -> hidden1 -> hidden2 -> 3 (ReLU, softmax), trained with DJL (Adam, softmax
 * cross-entropy). With validation rounds it stops early: after {@code patience} epochs without a lower
 * validation loss it stops and keeps the best epoch's weights; without, it trains {@code maxEpochs}.
 */
public record BrianConfig(int hidden1, int hidden2, int maxEpochs, int batchSize, double learningRate, int patience,
                          long seed, int threads) implements RpsModelConfig {
    public static final String FAMILY = RpsRules.BRIAN;

    public BrianConfig {
        if (hidden1 < 1 || hidden2 < 1 || maxEpochs < 1 || batchSize < 1 || patience < 1 || threads < 1) {
            throw new IllegalArgumentException("layer sizes, maxEpochs, batchSize, patience and threads must be >= 1");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0");
        }
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public BrianConfig withSeed(long s) {
        return new BrianConfig(hidden1, hidden2, maxEpochs, batchSize, learningRate, patience, s, threads);
    }

    public BrianConfig withMaxEpochs(int e) {
        return new BrianConfig(hidden1, hidden2, e, batchSize, learningRate, patience, seed, threads);
    }

    public String architecture() {
        return "dense" + hidden1 + "-relu, dense" + hidden2 + "-relu, dense3 (+softmax in ONNX)";
    }

    @Override
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden1", hidden1);
        m.put("hidden2", hidden2);
        m.put("maxEpochs", maxEpochs);
        m.put("batchSize", batchSize);
        m.put("learningRate", learningRate);
        m.put("patience", patience);
        m.put("seed", seed);
        m.put("threads", threads);
        return m;
    }

    static BrianConfig fromMap(Map<?, ?> m) {
        return new BrianConfig(RpsModelConfig.number(m, "hidden1").intValue(), RpsModelConfig.number(m, "hidden2").intValue(),
                RpsModelConfig.number(m, "maxEpochs").intValue(), RpsModelConfig.number(m, "batchSize").intValue(),
                RpsModelConfig.number(m, "learningRate").doubleValue(), RpsModelConfig.number(m, "patience").intValue(),
                RpsModelConfig.number(m, "seed").longValue(), RpsModelConfig.number(m, "threads").intValue());
    }
}
