package io.hindsight.app;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.trainer.publish.ModelPublisher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hindsight alias set TASK FAMILY ALIAS VERSION}: every predictor swaps to it without a restart. */
@Command(name = "alias", mixinStandardHelpOptions = true, description = "Move an alias.",
        subcommands = AliasCommand.Set.class)
public final class AliasCommand {

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Point TASK/FAMILY/ALIAS at VERSION on model-aliases; predictors swap within a second.")
    static final class Set implements Callable<Integer> {
        @Parameters(index = "0", description = "Task: calories or digits.")
        String task;

        @Parameters(index = "1", description = "Model family, e.g. xgboost or cnn.")
        String family;

        @Parameters(index = "2", description = "Alias: Production, B, shadow1 or shadow2.")
        String alias;

        @Parameters(index = "3", description = "Model version; it must exist and belong to TASK/FAMILY.")
        String version;

        @Option(names = "--reason", defaultValue = "hindsight alias set", description = "Kept with the assignment (default: ${DEFAULT-VALUE}).")
        String reason;

        @Option(names = "--bootstrap-servers", defaultValue = "${env:HINDSIGHT_BOOTSTRAP_SERVERS:-localhost:9092}",
                description = "Kafka (default: ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Override
        public Integer call() {
            if (!Aliases.ALL.contains(alias)) {
                System.err.println("unknown alias '" + alias + "'; use one of " + Aliases.ALL);
                return 2;
            }
            ModelVersion m = RegistrySnapshot.read(bootstrapServers).models().get(version);
            if (m == null) {
                System.err.println("no model version '" + version + "'");
                return 1;
            }
            if (!m.task().equals(task) || !m.family().equals(family)) {
                System.err.println(version + " is " + m.task() + "/" + m.family() + ", not " + task + "/" + family);
                return 2;
            }
            new ModelPublisher(bootstrapServers, "hindsight-alias-cli").moveAlias(task, family, alias, version, reason);
            System.out.printf("%s/%s/%s -> %s%n", task, family, alias, version);
            return 0;
        }
    }
}
