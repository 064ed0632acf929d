package io.hindsight.app;

import io.hindsight.contracts.Aliases;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.model.TrainedModel;
import io.hindsight.trainer.publish.ModelPublisher;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hindsight train calories}: train a model version and point an alias at it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on generated data and publish it (models, model-artifacts, model-aliases).")
public final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Task: calories.")
    String task;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:HINDSIGHT_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--rows", defaultValue = "20000", description = "Generated training rows (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--data-seed", defaultValue = "1", description = "Seed of the data generator (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the trainer (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--trees", defaultValue = "200", description = "Boosting rounds (default: ${DEFAULT-VALUE}).")
    int trees;

    @Option(names = "--max-depth", defaultValue = "6", description = "Tree depth (default: ${DEFAULT-VALUE}).")
    int maxDepth;

    @Option(names = "--alias", defaultValue = "B",
            description = "Alias to point at the new version: Production, B, shadow1, shadow2, or none (default: ${DEFAULT-VALUE}).")
    String alias;

    @Override
    public Integer call() {
        if (!"calories".equals(task)) {
            System.err.println("only the calories task trains here so far; got '" + task + "'");
            return 2;
        }
        if (!"none".equals(alias) && !Aliases.ALL.contains(alias)) {
            System.err.println("unknown alias '" + alias + "'; use one of " + Aliases.ALL + " or none");
            return 2;
        }
        CaloriesTrainerConfig config = CaloriesTrainerConfig.defaults().withTrees(trees).withMaxDepth(maxDepth).withSeed(seed);
        long t0 = System.nanoTime();
        TrainedModel model = new CaloriesTrainer(config).trainOnGenerated(dataSeed, rows);
        System.out.printf("trained %s on %d rows in %.1f s: %s%n", model.version(), rows,
                (System.nanoTime() - t0) / 1e9, model.metadata().metrics());
        List<String> aliases = "none".equals(alias) ? List.of() : List.of(alias);
        new ModelPublisher(bootstrapServers, "hindsight-train-cli").publish(model, aliases, "hindsight train");
        System.out.printf("published %s%s%n", model.version(), aliases.isEmpty() ? "" : " as " + alias);
        return 0;
    }
}
