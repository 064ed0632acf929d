package io.hindsight.app;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.role.Role;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.drift.DriftConfig;
import io.hindsight.drift.DriftRole;
import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.GatewayServer;
import io.hindsight.joiner.FeedbackJoinerRole;
import io.hindsight.joiner.JoinerConfig;
import io.hindsight.predictor.PredictorConfig;
import io.hindsight.predictor.PredictorRole;
import io.hindsight.promotion.PromotionConfig;
import io.hindsight.promotion.PromotionRole;
import io.hindsight.rps.RpsGameConfig;
import io.hindsight.rps.RpsGameRole;
import io.hindsight.trainer.FirstStartTraining;
import io.hindsight.trainer.digits.DigitsFirstStart;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.retrain.Retrainer;
import io.hindsight.trainer.rps.RpsFirstStart;
import io.hindsight.trainer.rps.RpsProgress;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: broker (embedded unless external), topics, first-start model, then the roles in
 * flow order, then HTTP. Kept to wiring only; each step is a named method. If a role fails for good the
 * process exits non-zero so its supervisor restarts it (Loki's fail-fast habit).
 */
public final class Hindsight implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hindsight.class);

    /**
     * Rolling metrics are fresh to about this; every commit is an EOS transaction, and on 2 cores the default
     * 100 ms cost the request path ~10% of its throughput (2,020 vs 2,230 req/s at 20 clients).
     */
    private static final Duration JOINER_COMMIT_INTERVAL = Duration.ofSeconds(1);

    /** The tasks served end to end. */
    private static final List<Task> SERVED = List.of(Task.CALORIES, Task.DIGITS, Task.RPS);
    /** The tasks whose requests are watched for drift; rps features are the game's own history, not a population. */
    private static final List<Task> DRIFT_WATCHED = List.of(Task.CALORIES, Task.DIGITS);

    private final Settings settings;
    private final BuildInfo build;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Role> roles = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;
    private EmbeddedKafka kafka;
    private Thread firstStartTraining;
    private GatewayServer http;
    private String bootstrap;
    private volatile boolean closed;

    public Hindsight(Settings settings, BuildInfo build) {
        this.settings = settings;
        this.build = build;
    }

    public void start() {
        long t0 = System.nanoTime();
        log.info("Hindsight {} starting roles {}", build, settings.roles().stream().map(RoleName::id).sorted().toList());
        bindJvmMetrics();
        bootstrap = startBrokerIfEmbedded();
        createTopics();
        trainFirstModelIfMissing();
        startPredictor();
        startFeedbackJoiner();
        startStreamProcessors();
        startPromotion();
        startHttp();
        startWatchdog();
        logUrls(Duration.ofNanos(System.nanoTime() - t0));
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public int httpPort() {
        return http.port();
    }

    /** Blocks until close() or a role failure; returns the exit code. */
    public int awaitTermination() throws InterruptedException {
        stopped.await();
        return failure == null ? 0 : 1;
    }

    private void bindJvmMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    private String startBrokerIfEmbedded() {
        if (!settings.embeddedBroker()) {
            log.info("using Kafka at {}", settings.bootstrapServers());
            return settings.bootstrapServers();
        }
        kafka = new EmbeddedKafka(settings.dataDir(), settings.kafkaPort(), EmbeddedKafka.freePort()).start();
        return kafka.bootstrapServers();
    }

    private void createTopics() {
        short rf = settings.embeddedBroker() ? 1 : settings.replicationFactor();
        TopicProvisioner.ensure(bootstrap, Topics.all(), rf, Duration.ofSeconds(60));
    }

    private void trainFirstModelIfMissing() {
        if (settings.runs(RoleName.TRAINER)) {
            FirstStartTraining.ensureCaloriesModels(bootstrap, settings.trainRows());
            trainInBackground();
            // challengers for calories, digits and rps, published as B on settings.retrainPolicy()
            start(Retrainer.allTasks(bootstrap, settings.retrainPolicy(), null, build.toString(),
                    settings.digitsFirstStart().settings(build.toString()).xgb(), registry));
        }
    }

    /**
     * The rps models (about 30 s) and the digits CNN (about a minute) train one after the other on a
     * background thread, so they do not fight over 2 cores: everything else serves meanwhile (rps games are
     * played by the counted uniform fallback until then), and the predictors pick each model up from the
     * registry the moment it is published.
     */
    private void trainInBackground() {
        boolean digits = settings.digitsFirstStart() != DigitsFirstStartMode.OFF;
        if (!digits && !settings.rpsFirstStart()) {
            return;
        }
        firstStartTraining = new Thread(() -> {
            if (settings.rpsFirstStart()) {
                firstStart("rps", "hindsight train rps", () -> RpsFirstStart.ensureRpsModels(bootstrap,
                        RpsFirstStart.Settings.defaults().withCodeVersion(build.toString()), RpsProgress.NONE));
            }
            if (digits) {
                firstStart("digits", "hindsight train digits", () -> DigitsFirstStart.ensureDigitsModels(bootstrap,
                        settings.digitsFirstStart().settings(build.toString()), TrainingProgress.NONE));
            }
        }, "first-start-models");
        firstStartTraining.setDaemon(true);
        firstStartTraining.start();
    }

    private void firstStart(String task, String command, Runnable training) {
        try {
            training.run();
        } catch (RuntimeException e) {
            if (!closed) {
                log.error("{} first-start training failed; {} stays without a model until one is trained ({}) or "
                        + "uploaded", task, task, command, e);
            }
        }
    }

    private void startPredictor() {
        if (settings.runs(RoleName.PREDICTOR)) {
            for (Task task : SERVED) {
                PredictorConfig config = PredictorConfig.defaults(bootstrap, task).withDedupeHorizon(settings.horizon())
                        .withInstanceId(InstanceId.of(settings.dataDir()))
                        .withWorkers(task == Task.CALORIES ? settings.predictorWorkers() : 1);
                start(new PredictorRole(config, registry));
            }
        }
    }

    private void startFeedbackJoiner() {
        if (settings.runs(RoleName.FEEDBACK_JOINER)) {
            for (Task task : SERVED) {
                JoinerConfig config = joinerConfig(task);
                start(new FeedbackJoinerRole(bootstrap, config, settings.dataDir().resolve("streams"), registry));
            }
        }
    }

    private void startStreamProcessors() {
        if (settings.runs(RoleName.STREAM_PROCESSORS)) {
            start(new RpsGameRole(bootstrap, RpsGameConfig.defaults(), settings.dataDir().resolve("streams"), registry));
            for (Task task : DRIFT_WATCHED) {
                start(new DriftRole(bootstrap, driftConfig(task), settings.dataDir().resolve("streams"), registry));
            }
        }
    }

    private void startPromotion() {
        if (settings.runs(RoleName.PROMOTION)) {
            start(new PromotionRole(bootstrap, PromotionConfig.defaults(), registry));
        }
    }

    private JoinerConfig joinerConfig(Task task) {
        Duration rolling = settings.rollingWindow();
        return JoinerConfig.defaults(task).withHorizon(settings.horizon()).withCommitInterval(JOINER_COMMIT_INTERVAL)
                .withWindow(rolling, rolling.dividedBy(5)).withGrace(Settings.graceOf(rolling))
                .withStreamThreads(settings.joinerThreads());
    }

    /** Tumbling drift windows of --drift-window; CBPE on exactly the joiner's windows, so estimates join realised. */
    private DriftConfig driftConfig(Task task) {
        Duration size = settings.driftWindow();
        JoinerConfig joiner = joinerConfig(task);
        return DriftConfig.defaults(task).withWindow(size, size, Settings.graceOf(size))
                .withEstimateWindow(joiner.windowSize(), joiner.windowAdvance(), joiner.grace());
    }

    private void startHttp() {
        GatewayConfig config = settings.httpLimits().applyTo(GatewayConfig.defaults(bootstrap))
                .withHttpPort(settings.httpPort())
                .withGatewayRoutes(settings.runs(RoleName.GATEWAY))
                .withVersion(build.toString())
                .withAdminToken(settings.adminToken());
        http = GatewayServer.start(config, registry, this::readiness);
    }

    private Map<String, Boolean> readiness() {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        for (Role r : roles) {
            checks.put(r.name(), r.isReady());
        }
        return checks;
    }

    private void start(Role role) {
        role.start();
        roles.add(role);
        log.info("role {} started", role.name());
    }

    private void startWatchdog() {
        Thread t = new Thread(() -> {
            while (stopped.getCount() > 0) {
                for (Role r : roles) {
                    Throwable f = r.failure();
                    if (f != null) {
                        log.error("role {} failed; stopping so the supervisor restarts us", r.name(), f);
                        failure = f;
                        close();
                        return;
                    }
                }
                try {
                    Thread.sleep(1000); // a supervision tick, not synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "hindsight-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private void logUrls(Duration took) {
        String base = "http://localhost:" + http.port();
        StringBuilder sb = new StringBuilder();
        sb.append("Hindsight is up in ").append(took.toMillis()).append(" ms; roles ")
                .append(settings.roles().stream().map(RoleName::id).sorted().toList()).append('\n');
        sb.append("  home     ").append(base).append("/\n");
        if (settings.runs(RoleName.GATEWAY)) {
            sb.append("  digits   ").append(base).append("/digits  (draw a digit; the CNN guesses it)\n");
            sb.append("  predict  curl -s ").append(base).append("/v1/calories/predict -H 'content-type: application/json' ")
                    .append("-d '{\"Sex\":\"male\",\"Age\":30,\"Height\":180,\"Weight\":80,\"Duration\":20,\"Heart_Rate\":100,\"Body_Temp\":40.1}'\n");
        }
        sb.append("  ready    ").append(base).append("/readyz\n");
        sb.append("  info     ").append(base).append("/info\n");
        sb.append("  metrics  ").append(base).append("/metrics\n");
        sb.append("  kafka    ").append(bootstrap).append(settings.embeddedBroker() ? " (embedded, data in " + settings.dataDir().toAbsolutePath().normalize() + ")" : "");
        log.info(sb.toString());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("stopping");
        if (http != null) {
            http.close();
        }
        if (firstStartTraining != null) {
            firstStartTraining.interrupt(); // stops the CNN at its next batch
        }
        for (int i = roles.size() - 1; i >= 0; i--) {
            try {
                roles.get(i).close();
            } catch (RuntimeException e) {
                log.warn("role {} did not stop cleanly", roles.get(i).name(), e);
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        registry.close();
        stopped.countDown();
        log.info("stopped");
    }
}
