package io.hindsight.app;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.app.bench.ColdStartBenchCommand;
import io.hindsight.app.bench.JoinerBenchCommand;
import io.hindsight.app.bench.PredictorBenchCommand;
import io.hindsight.predictor.bench.InferenceBenchmark;
import io.hindsight.predictor.registry.ModelLoader;
import io.hindsight.predictor.registry.ServableModel;
import io.hindsight.predictor.task.TaskServing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hindsight bench digits}: inference latency and throughput of a digits model through the predictor's
 * own serving code (ONNX Runtime for the CNN), single digits and batches, on real held-out MNIST digits.
 * The subcommands measure the roles on Kafka and the start-up (see docs/benchmarks.md):
 * {@code bench predictor}, {@code bench joiner}, {@code bench cold-start}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure. digits: model inference (the CNN through ONNX Runtime), single and batched.",
                "Subcommands: predictor (predictions/s on raw Kafka), joiner (joins/s, exactly_once_v2), "
                        + "cold-start (java -jar to the first calories prediction)."},
        subcommands = {PredictorBenchCommand.class, JoinerBenchCommand.class, ColdStartBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", description = "Task: digits (or a subcommand: predictor, joiner, cold-start).")
    String task;

    @Option(names = "--model", description = "An ONNX file to measure instead of the registry's model.")
    Path model;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:HINDSIGHT_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka, to fetch the model behind --family/--alias (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--family", defaultValue = "cnn", description = "Model family (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--alias", defaultValue = "Production", description = "Alias (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--batches", split = ",", defaultValue = "1,8,32,64", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per batch size (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds per batch size (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Override
    public Integer call() throws Exception {
        if (!"digits".equals(task)) {
            System.err.println(task == null ? "bench what? digits, predictor, joiner or cold-start (bench --help)"
                    : "bench measures digits, predictor, joiner or cold-start; got '" + task + "'");
            return 2;
        }
        ModelVersion meta;
        byte[] bytes;
        if (model != null) {
            bytes = Files.readAllBytes(model);
            meta = new ModelVersion(model.getFileName().toString(), Task.DIGITS.id(), family, 0L, ModelVersion.ONNX,
                    Sha256.hex(bytes), bytes.length, List.of(), Map.of(), Map.of(), List.of(), "bench");
        } else {
            try (var aliases = new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, "hindsight-bench-aliases").start();
                 var models = new CompactedTopicView<>(Topics.MODELS, bootstrapServers, "hindsight-bench-models").start();
                 var artifacts = new CompactedTopicView<>(Topics.MODEL_ARTIFACTS, bootstrapServers, "hindsight-bench-artifacts").start()) {
                for (var view : List.of(aliases, models, artifacts)) {
                    if (!view.awaitCaughtUp(Duration.ofSeconds(60))) {
                        System.err.println("could not read the model registry at " + bootstrapServers);
                        return 1;
                    }
                }
                AliasAssignment a = aliases.get(AliasAssignment.key(Task.DIGITS.id(), family, alias));
                if (a == null) {
                    System.err.println("no digits/" + family + "/" + alias + " alias on " + bootstrapServers);
                    return 1;
                }
                meta = models.get(a.version());
                bytes = meta == null ? null : artifacts.get(meta.artifactSha256());
                if (bytes == null) {
                    System.err.println("model " + a.version() + " has no metadata or bytes yet");
                    return 1;
                }
            }
        }
        List<double[]> inputs = MnistDigits.holdout().rows(4096);
        try (ServableModel served = new ModelLoader(TaskServing.of(Task.DIGITS), threads).load(meta, bytes)) {
            System.out.printf("%s (%s, %d bytes), %d ONNX Runtime thread(s), %d held-out digits, %d cores%n",
                    meta.version(), meta.format(), bytes.length, threads, inputs.size(), Runtime.getRuntime().availableProcessors());
            InferenceBenchmark bench = new InferenceBenchmark(served, inputs);
            for (int b : batches) {
                System.out.println(bench.run(b, warmup, seconds).line());
            }
        }
        return 0;
    }

}
