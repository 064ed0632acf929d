package io.hindsight.trainer.rps;

import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.trainer.digits.TrainingProgress;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.SGD;

/**
 * logan: multinomial logistic regression, Tribuo's LinearSGDTrainer with the LogMulticlass (softmax) objective
 * and a bias term; published as Tribuo protobuf. Serving it needs tribuo-classification-sgd on the classpath.
 */
final class LoganTrainer implements RpsFamilyTrainer {
    private final LoganConfig config;

    LoganTrainer(LoganConfig config) {
        this.config = config;
    }

    @Override
    public LoganConfig config() {
        return config;
    }

    @Override
    public String description() {
        return "tribuo LinearSGDTrainer, objective LogMulticlass (multinomial logistic regression), optimiser "
                + config.optimiser();
    }

    @Override
    public FittedRps fit(List<RpsExample> train, List<RpsExample> validation, TrainingProgress progress) {
        long t0 = System.nanoTime();
        // logging interval: larger than any epoch, Tribuo's per-step loss logs are noise here
        LinearSGDTrainer sgd = new LinearSGDTrainer(new LogMulticlass(), optimiser(), config.epochs(), Integer.MAX_VALUE,
                config.minibatch(), config.seed());
        Model<Label> model = sgd.train(TribuoRps.dataset(train, "rps rounds for logan"));
        byte[] bytes = model.serialize().toByteArray();
        return new FittedRps(bytes, ModelVersion.TRIBUO_PROTOBUF, train.size(), (System.nanoTime() - t0) / 1e9, Map.of());
    }

    private StochasticGradientOptimiser optimiser() {
        return switch (config.optimiser()) {
            case "adagrad" -> new AdaGrad(config.learningRate(), 0.1);
            case "adam" -> new Adam(config.learningRate(), 1e-8);
            case "sgd" -> SGD.getLinearDecaySGD(config.learningRate());
            default -> throw new IllegalStateException("unknown optimiser " + config.optimiser());
        };
    }
}
