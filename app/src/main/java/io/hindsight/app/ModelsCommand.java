package io.hindsight.app;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesFeatures;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.predictor.registry.ModelLoader;
import io.hindsight.predictor.registry.RawOutput;
import io.hindsight.predictor.registry.ServableModel;
import io.hindsight.predictor.task.TaskServing;
import io.hindsight.trainer.publish.ModelPublisher;
import io.hindsight.trainer.rebuild.Rebuilder;
import io.hindsight.trainer.rebuild.Rebuilt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hindsight models list | show VERSION | rebuild VERSION}: the registry on Kafka, read and reproduced. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List, show and rebuild model versions.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Rebuild.class})
public final class ModelsCommand {

    /** The options every subcommand shares. */
    static class Kafka {
        @Option(names = "--bootstrap-servers", defaultValue = "${env:HINDSIGHT_BOOTSTRAP_SERVERS:-localhost:9092}",
                description = "Kafka (default: ${DEFAULT-VALUE}).")
        String bootstrapServers;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every model version, oldest first, with its aliases.")
    static final class ListModels implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Kafka kafka;

        @Option(names = "--task", description = "Only this task.")
        String task;

        @Override
        public Integer call() {
            RegistrySnapshot r = RegistrySnapshot.read(kafka.bootstrapServers);
            System.out.printf("%-32s %-9s %-9s %-16s %-20s %-22s %s%n", "VERSION", "TASK", "FAMILY", "FORMAT", "CREATED",
                    "ALIASES", "METRICS");
            for (ModelVersion m : r.versions(task)) {
                System.out.printf("%-32s %-9s %-9s %-16s %-20s %-22s %s%n", m.version(), m.task(), m.family(), m.format(),
                        Instant.ofEpochMilli(m.createdAt()).toString().substring(0, 19), String.join(",", r.aliasesOf(m.version())),
                        headline(m.metrics()));
            }
            return 0;
        }

        private static String headline(Map<String, Double> metrics) {
            // The headline figures: accuracy, RMSLE, MAE (not per-class breakdowns, counts or timings).
            List<String> parts = new ArrayList<>();
            new java.util.TreeMap<>(metrics).forEach((k, v) -> {
                String key = k.toLowerCase(java.util.Locale.ROOT);
                boolean perClass = key.matches(".*_\\d+$");
                if (!perClass && (key.contains("accuracy") || key.contains("rmsle") || key.contains("mae"))) {
                    parts.add(k + "=" + String.format("%.4f", v));
                }
            });
            return String.join(" ", parts);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One version: metadata, provenance (configuration, seed, data ranges, code version), aliases.")
    static final class Show implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Kafka kafka;

        @Parameters(index = "0", description = "The model version.")
        String version;

        @Override
        public Integer call() throws Exception {
            RegistrySnapshot r = RegistrySnapshot.read(kafka.bootstrapServers);
            ModelVersion m = r.models().get(version);
            if (m == null) {
                System.err.println("no model version '" + version + "'");
                return 1;
            }
            var node = Json.MAPPER.valueToTree(m);
            ((tools.jackson.databind.node.ObjectNode) node).putPOJO("aliases", r.aliasesOf(version));
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            return 0;
        }
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Train a version again from its recorded configuration, seed and data ranges, and compare "
                    + "the result with the original: bytes, then predictions on a check set.")
    static final class Rebuild implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Kafka kafka;

        @Parameters(index = "0", description = "The model version.")
        String version;

        @Option(names = "--check", defaultValue = "1000", description = "Check-set size (default: ${DEFAULT-VALUE}).")
        int check;

        @Option(names = "--publish", description = "Publish the rebuilt model (a new version when its bytes differ).")
        boolean publish;

        @Override
        public Integer call() throws Exception {
            RegistrySnapshot r = RegistrySnapshot.read(kafka.bootstrapServers);
            ModelVersion original = r.models().get(version);
            if (original == null) {
                System.err.println("no model version '" + version + "'");
                return 1;
            }
            System.out.printf("rebuilding %s (%s/%s) from %s%n", version, original.task(), original.family(),
                    original.trainingRanges().isEmpty() ? original.provenance().get("dataSource") : original.trainingRanges());
            long t0 = System.nanoTime();
            Rebuilt rebuilt = new Rebuilder(kafka.bootstrapServers).rebuild(original, io.hindsight.trainer.digits.TrainingProgress.NONE);
            System.out.printf("rebuilt in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, rebuilt.metadata().version());
            byte[] originalBytes = RegistrySnapshot.artifact(kafka.bootstrapServers, original);
            Comparison c = compare(original, originalBytes, rebuilt, check);
            System.out.printf("bytes: %s; predictions on %d check rows: max |diff| %.3g, %d of them differ%s%n",
                    rebuilt.identicalBytes() ? "identical" : "different", c.rows(), c.maxDiff(), c.differing(),
                    c.classifier() ? " in the predicted class" : " by more than 1e-9");
            if (publish) {
                new ModelPublisher(kafka.bootstrapServers, "hindsight-rebuild-cli").publish(rebuilt.metadata(), rebuilt.artifact(),
                        rebuilt.sidecars(), List.of(), "rebuild of " + version);
                System.out.println("published " + rebuilt.metadata().version() + " (no alias moved)");
            }
            return c.differing() == 0 ? 0 : 3;
        }

        record Comparison(int rows, double maxDiff, int differing, boolean classifier) {
        }

        static Comparison compare(ModelVersion original, byte[] originalBytes, Rebuilt rebuilt, int n) throws Exception {
            Task task = Task.valueOf(original.task().toUpperCase(java.util.Locale.ROOT));
            TaskServing serving = TaskServing.of(task);
            List<double[]> rows = checkRows(task, n);
            ModelLoader loader = new ModelLoader(serving, 1);
            try (ServableModel a = loader.load(original, originalBytes);
                 ServableModel b = loader.load(rebuilt.metadata(), rebuilt.artifact())) {
                List<RawOutput> pa = a.predict(rows);
                List<RawOutput> pb = b.predict(rows);
                double max = 0;
                int differing = 0;
                boolean classifier = serving.classes() > 0;
                for (int i = 0; i < rows.size(); i++) {
                    double d = Math.abs(pa.get(i).value() - pb.get(i).value());
                    for (int k = 0; k < pa.get(i).scores().length; k++) {
                        d = Math.max(d, Math.abs(pa.get(i).scores()[k] - pb.get(i).scores()[k]));
                    }
                    max = Math.max(max, d);
                    boolean differs = classifier ? pa.get(i).value() != pb.get(i).value() : d > 1e-9;
                    differing += differs ? 1 : 0;
                }
                return new Comparison(rows.size(), max, differing, classifier);
            }
        }

        private static List<double[]> checkRows(Task task, int n) {
            if (task == Task.DIGITS) {
                return MnistDigits.holdout().rows(n);
            }
            return new CaloriesGenerator(99L).next(n).stream().map(row -> CaloriesFeatures.vector(row.record())).toList();
        }
    }
}
