package io.hindsight.trainer.rps;

import io.hindsight.contracts.rps.RpsRules;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * logan: multinomial logistic regression (Tribuo LinearSGDTrainer with the LogMulticlass objective).
 *
 * @param optimiser    "adagrad", "adam" or "sgd" (linear-decay SGD)
 * @param learningRate the optimiser's initial learning rate
 * @param epochs       passes over the training rounds (shuffled each epoch, seeded)
 * @param minibatch    rounds per gradient step
 */
public record LoganConfig(String optimiser, double learningRate, int epochs, int minibatch, long seed)
        implements RpsModelConfig {
    public static final String FAMILY = RpsRules.LOGAN;

    public LoganConfig {
        optimiser = optimiser.toLowerCase(Locale.ROOT);
        if (!optimiser.equals("adagrad") && !optimiser.equals("adam") && !optimiser.equals("sgd")) {
            throw new IllegalArgumentException("optimiser is adagrad, adam or sgd, not " + optimiser);
        }
        if (!(learningRate > 0) || epochs < 1 || minibatch < 1) {
            throw new IllegalArgumentException("learningRate > 0, epochs and minibatch >= 1 required");
        }
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public LoganConfig withSeed(long s) {
        return new LoganConfig(optimiser, learningRate, epochs, minibatch, s);
    }

    @Override
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimiser", optimiser);
        m.put("learningRate", learningRate);
        m.put("epochs", epochs);
        m.put("minibatch", minibatch);
        m.put("seed", seed);
        return m;
    }

    static LoganConfig fromMap(Map<?, ?> m) {
        return new LoganConfig(String.valueOf(m.get("optimiser")), RpsModelConfig.number(m, "learningRate").doubleValue(),
                RpsModelConfig.number(m, "epochs").intValue(), RpsModelConfig.number(m, "minibatch").intValue(),
                RpsModelConfig.number(m, "seed").longValue());
    }
}
