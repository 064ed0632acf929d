package io.hindsight.app;

import io.hindsight.simulator.Durations;
import io.hindsight.simulator.SimulateCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;

/** The root command: run roles (the default), or one of the tools. Every option can also come from HINDSIGHT_* env. */
@Command(name = "hindsight", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serve ML models on Kafka and judge every prediction against the ground truth that arrives later.%n"
                + "With no command: start an embedded Kafka broker (unless --bootstrap-servers) and the chosen roles.",
        subcommands = {SimulateCommand.class, LoadCommand.class, TrainCommand.class, ModelsCommand.class, AliasCommand.class,
                BenchCommand.class, HelpCommand.class})
public final class HindsightCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "${env:HINDSIGHT_DATA_DIR:-./hindsight-data}",
            description = "Embedded broker and state stores live here, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--http-port", defaultValue = "${env:HINDSIGHT_HTTP_PORT:-8080}", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int httpPort;

    @Option(names = "--kafka-port", defaultValue = "${env:HINDSIGHT_KAFKA_PORT:-9092}",
            description = "Port of the embedded broker, for outside clients such as kcat (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:HINDSIGHT_BOOTSTRAP_SERVERS}",
            description = "Use this Kafka instead of starting an embedded broker.")
    String bootstrapServers;

    @Option(names = "--roles", defaultValue = "${env:HINDSIGHT_ROLES:-all}", split = ",", splitSynopsisLabel = ",",
            description = "all, or any of: gateway, predictor, feedback-joiner, stream-processors, trainer (default: ${DEFAULT-VALUE}).")
    String[] roles;

    @Option(names = "--horizon", defaultValue = "${env:HINDSIGHT_HORIZON:-PT1H}", converter = Durations.Converter.class,
            description = "How long a prediction waits for its ground truth, and how long a request id is remembered for retries (default: ${DEFAULT-VALUE}).")
    Duration horizon;

    @Option(names = "--drift-window", defaultValue = "${env:HINDSIGHT_DRIFT_WINDOW:-5m}", converter = Durations.Converter.class,
            description = "Length of the tumbling drift windows (PSI and KS per feature); grace is a fifth of it, at most 1m (default: ${DEFAULT-VALUE}).")
    Duration driftWindow;

    @Option(names = "--replication-factor", defaultValue = "${env:HINDSIGHT_REPLICATION_FACTOR:-1}",
            description = "Replication factor of topics Hindsight creates on an external Kafka (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--train-rows", defaultValue = "${env:HINDSIGHT_TRAIN_ROWS:-20000}",
            description = "Generated rows for the first-start calories model (default: ${DEFAULT-VALUE}).")
    int trainRows;

    @Option(names = "--predictor-workers", defaultValue = "${env:HINDSIGHT_PREDICTOR_WORKERS:-1}",
            description = "Parallel transactional consume-predict-produce loops in a predictor (default: ${DEFAULT-VALUE}).")
    int predictorWorkers;

    @Option(names = "--joiner-threads", defaultValue = "${env:HINDSIGHT_JOINER_THREADS:-1}",
            description = "Kafka Streams threads of each feedback joiner; the join uses up to as many as the predictions "
                    + "topic has partitions (3) (default: ${DEFAULT-VALUE}).")
    int joinerThreads;

    @Option(names = "--digits-first-start", defaultValue = "${env:HINDSIGHT_DIGITS_FIRST_START:-full}",
            description = "Digits models trained in the background on first start when none exist: full (the CNN on "
                    + "60,000 MNIST digits, about a minute), quick (seconds, less accurate) or off (default: ${DEFAULT-VALUE}).")
    DigitsFirstStartMode digitsFirstStart;

    @Option(names = "--rps-first-start", defaultValue = "${env:HINDSIGHT_RPS_FIRST_START:-on}", arity = "1",
            converter = OnOff.class,
            description = "rps: when models are missing, play synthetic games and train the 12 models (3 families x 4 "
                    + "aliases) in the background, about 30 s: on or off (default: ${DEFAULT-VALUE}).")
    boolean rpsFirstStart;

    @Option(names = {"--retrain-every-records", "--retrain-every-rounds"},
            defaultValue = "${env:HINDSIGHT_RETRAIN_EVERY_ROUNDS:-2000}",
            description = "trainer: retrain a task's challenger (published as B) after this many new labelled records "
                    + "(rps rounds, calories and digits feedback) past what B was trained on (default: ${DEFAULT-VALUE}).")
    long retrainEveryRounds;

    @Option(names = "--retrain-every", defaultValue = "${env:HINDSIGHT_RETRAIN_EVERY:-1h}", converter = Durations.Converter.class,
            description = "trainer: ...or after this long, when any new labelled record arrived (default: ${DEFAULT-VALUE}).")
    java.time.Duration retrainEvery;

    @Option(names = "--admin-token", defaultValue = "${env:HINDSIGHT_ADMIN_TOKEN}",
            description = "Bearer token of the admin routes (model upload); without one they are disabled. "
                    + "Prefer the HINDSIGHT_ADMIN_TOKEN variable: a command line is visible to other users.")
    String adminToken;

    @Option(names = "--max-body-bytes", defaultValue = "${env:HINDSIGHT_MAX_BODY_BYTES:-65536}",
            description = "gateway: the largest JSON body accepted, else 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--max-model-bytes", defaultValue = "${env:HINDSIGHT_MAX_MODEL_BYTES:-33554432}",
            description = "gateway: the largest model upload accepted, else 413; at most 63 MiB (default: ${DEFAULT-VALUE}).")
    int maxModelBytes;

    @Option(names = "--rate-limit", defaultValue = "${env:HINDSIGHT_RATE_LIMIT:-1000}",
            description = "gateway: requests per second per client, else 429 with Retry-After; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--rate-limit-burst", defaultValue = "${env:HINDSIGHT_RATE_LIMIT_BURST:-2000}",
            description = "gateway: requests a quiet client may send at once (default: ${DEFAULT-VALUE}).")
    int rateLimitBurst;

    @Option(names = "--rate-limit-loopback", defaultValue = "${env:HINDSIGHT_RATE_LIMIT_LOOPBACK:-off}", arity = "1",
            converter = OnOff.class,
            description = "gateway: limit clients on 127.0.0.0/8 and ::1 too (default: ${DEFAULT-VALUE}: local load tools are not limited).")
    boolean rateLimitLoopback;

    @Option(names = "--trusted-proxies", defaultValue = "${env:HINDSIGHT_TRUSTED_PROXIES:-}", split = ",",
            description = "gateway: addresses or CIDR blocks whose X-Forwarded-For names the client (default: none).")
    java.util.List<String> trustedProxies;

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        try (Hindsight hindsight = new Hindsight(settings, BuildInfo.load())) {
            Runtime.getRuntime().addShutdownHook(new Thread(hindsight::close, "hindsight-shutdown"));
            hindsight.start();
            return hindsight.awaitTermination();
        }
    }

    /** The options as validated settings. */
    Settings settings() {
        return new Settings(dataDir, httpPort, kafkaPort, bootstrapServers,
                RoleName.parse(String.join(",", roles)), horizon, replicationFactor, trainRows, predictorWorkers,
                digitsFirstStart, adminToken, driftWindow, Settings.DEFAULT_ROLLING_WINDOW, rpsFirstStart,
                new io.hindsight.trainer.retrain.RetrainPolicy(retrainEveryRounds, retrainEvery),
                new HttpLimits(maxBodyBytes, maxModelBytes, new io.hindsight.gateway.GatewayConfig.RateLimit(rateLimit,
                        rateLimitBurst, rateLimitLoopback, trustedProxies == null ? java.util.List.of()
                        : trustedProxies.stream().filter(p -> !p.isBlank()).toList())), joinerThreads);
    }

    /** "on"/"off" (and true/false) for switches that read better as words. */
    static final class OnOff implements picocli.CommandLine.ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw new picocli.CommandLine.TypeConversionException("expected on or off, not '" + value + "'");
            };
        }
    }
}
