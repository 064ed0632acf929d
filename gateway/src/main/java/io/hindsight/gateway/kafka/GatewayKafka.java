package io.hindsight.gateway.kafka;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.gateway.GatewayConfig;
import io.hindsight.gateway.dashboard.DriftHistory;
import io.hindsight.gateway.dashboard.RollingHistory;
import io.hindsight.gateway.digits.DigitsAccuracy;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.gateway.models.ModelRegistryWriter;
import io.hindsight.gateway.ops.HealthChecks;
import io.hindsight.gateway.promotions.PromotionLedger;
import io.hindsight.gateway.rps.GameViews;
import io.hindsight.gateway.rps.RpsBackend;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Everything the gateway holds on Kafka: the broker checks and the model registry view always, and with the
 * routes on the producer, a reply consumer and bus per task (calories, digits), the reader of digits accuracy and
 * of the rolling-metrics history (the dashboard's), the model upload writer, the rps game views (rps.games from
 * its end; commands go to rps.moves through the shared producer), the promotion ledger (promotions from its
 * beginning) and the dashboard's drift reports (drift from its beginning). A start-up thread waits until every
 * catalog topic exists, then starts the registry view and the accuracy reader and fetches the producer's metadata,
 * so the gateway may start before the topics are created.
 */
public final class GatewayKafka implements HealthChecks, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayKafka.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration CHECK_MAX_AGE = Duration.ofSeconds(1);
    private static final long RETRY_MS = 250;

    private final String clientId;
    private final BrokerChecks broker;
    private final ModelRegistryView registry;
    private final RequestProducer producer;
    private final ReplyConsumer caloriesReplies;
    private final KafkaTaskBus caloriesBus;
    private final ReplyConsumer digitsReplies;
    private final KafkaTaskBus digitsBus;
    private final DigitsAccuracy digitsAccuracy = new DigitsAccuracy();
    private final RollingHistory rollingHistory = new RollingHistory();
    private final AccuracyFollower accuracyFollower;
    private final KafkaModelRegistryWriter modelWriter;
    private final KafkaRpsBackend rps;
    private final PromotionLedger promotions = new PromotionLedger();
    private final TopicFollower promotionsFollower;
    private final DriftHistory driftHistory = new DriftHistory();
    private final TopicFollower driftFollower;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread starter;

    private GatewayKafka(GatewayConfig config) {
        this.clientId = "hindsight-gateway-" + INSTANCES.incrementAndGet();
        List<String> topicNames = Topics.all().stream().map(Topic::name).toList();
        this.broker = new BrokerChecks(config.bootstrapServers(), topicNames, CHECK_MAX_AGE, clientId + "-admin");
        this.registry = new ModelRegistryView(config.bootstrapServers(), clientId);
        if (config.gatewayRoutesEnabled()) {
            this.producer = new RequestProducer(config.bootstrapServers(), clientId, config.requestTimeout());
            this.caloriesReplies = new ReplyConsumer(config.bootstrapServers(), Topics.calories().predictions(),
                    clientId + "-replies-calories");
            this.caloriesBus = new KafkaTaskBus(Topics.calories(), producer, caloriesReplies, broker,
                    () -> registry.knownWithoutProduction(Task.CALORIES));
            TaskTopics digits = Topics.of(Task.DIGITS);
            this.digitsReplies = new ReplyConsumer(config.bootstrapServers(), digits.predictions(),
                    clientId + "-replies-digits");
            this.digitsBus = new KafkaTaskBus(digits, producer, digitsReplies, broker,
                    () -> registry.knownWithoutProduction(Task.DIGITS));
            this.accuracyFollower = new AccuracyFollower(config.bootstrapServers(), clientId + "-digits-accuracy",
                    digitsAccuracy, rollingHistory);
            this.modelWriter = new KafkaModelRegistryWriter(config.bootstrapServers(), clientId + "-model-upload",
                    config.maxModelBytes());
            this.rps = new KafkaRpsBackend(config.bootstrapServers(), clientId + "-rps-games", producer, new GameViews());
            this.promotionsFollower = new TopicFollower(config.bootstrapServers(), Topics.PROMOTIONS.name(),
                    TopicFollower.From.BEGINNING, clientId + "-promotions",
                    r -> promotions.add(Json.read(r.value(), PromotionDecision.class)));
            promotions.caughtUpWhen(promotionsFollower::isCaughtUp);
            this.driftFollower = new TopicFollower(config.bootstrapServers(), Topics.DRIFT.name(),
                    TopicFollower.From.BEGINNING, clientId + "-drift",
                    r -> driftHistory.add(Json.read(r.value(), DriftReport.class)));
        } else {
            this.producer = null;
            this.caloriesReplies = null;
            this.caloriesBus = null;
            this.digitsReplies = null;
            this.digitsBus = null;
            this.accuracyFollower = null;
            this.modelWriter = null;
            this.rps = null;
            this.promotionsFollower = null;
            this.driftFollower = null;
        }
        this.starter = new Thread(this::startWhenTopicsExist, clientId + "-start");
        this.starter.setDaemon(true);
    }

    /** Connects in the background; returns at once. */
    public static GatewayKafka start(GatewayConfig config) {
        GatewayKafka kafka = new GatewayKafka(config);
        if (kafka.caloriesReplies != null) {
            kafka.caloriesReplies.start();
            kafka.digitsReplies.start();
        }
        kafka.starter.start();
        return kafka;
    }

    private void startWhenTopicsExist() {
        try {
            while (!broker.current().map(BrokerChecks.Status::topics).blockOptional().orElse(false)) {
                if (closing.await(RETRY_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            registry.start();
            if (accuracyFollower != null) {
                accuracyFollower.start();
                rps.start();
                promotionsFollower.start();
                driftFollower.start();
            }
            while (caloriesBus != null && !(caloriesBus.warmUp() & digitsBus.warmUp() & rps.warmUp())) {
                if (closing.await(RETRY_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            log.info("gateway connected to Kafka: topics exist, registry view started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("gateway could not connect to Kafka", e);
        }
    }

    /** The calories routes' bus; null when this process does not run the gateway routes. */
    public KafkaTaskBus caloriesBus() {
        return caloriesBus;
    }

    /** The digits routes' bus; null when this process does not run the gateway routes. */
    public KafkaTaskBus digitsBus() {
        return digitsBus;
    }

    /** The digits accuracy view, fed from digits.scored and metrics.rolling once the routes run. */
    public DigitsAccuracy digitsAccuracy() {
        return digitsAccuracy;
    }

    /** The recent metrics.rolling of every task, fed by the same reader once the routes run: the dashboard's. */
    public RollingHistory rollingHistory() {
        return rollingHistory;
    }

    /** Writes uploaded models; null when this process does not run the gateway routes. */
    public ModelRegistryWriter modelWriter() {
        return modelWriter;
    }

    /** rps games over Kafka; null when this process does not run the gateway routes. */
    public RpsBackend rps() {
        return rps;
    }

    /** The promotion ledger, fed from promotions once the routes run (empty otherwise). */
    public PromotionLedger promotions() {
        return promotions;
    }

    /** The recent drift reports of every task, fed from drift (from its beginning) once the routes run: the dashboard's. */
    public DriftHistory driftHistory() {
        return driftHistory;
    }

    public ModelRegistryView registry() {
        return registry;
    }

    public BrokerChecks broker() {
        return broker;
    }

    /** Requests waiting for their prediction (0 without routes). */
    public int pendingReplies() {
        return caloriesReplies == null ? 0 : caloriesReplies.pendingCount() + digitsReplies.pendingCount();
    }

    /**
     * kafka: the broker answers; topics: every catalog topic exists; with the routes on also model: a calories
     * Production alias exists, and replies: the producer knows its topics and the reply consumers (and the rps.games
     * follower) are positioned.
     * A digits model is not required: calories is the process's first product, digits is served when present.
     */
    @Override
    public Mono<Map<String, Boolean>> checks() {
        return broker.current().map(s -> {
            Map<String, Boolean> checks = new LinkedHashMap<>();
            checks.put("kafka", s.kafka());
            checks.put("topics", s.topics());
            if (caloriesBus != null) {
                checks.put("model", registry.hasProduction(Task.CALORIES));
                checks.put("replies", caloriesBus.isReady() && digitsBus.isReady() && rps.isReady());
            }
            return checks;
        });
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            starter.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (caloriesReplies != null) {
            caloriesReplies.close();
            digitsReplies.close();
        }
        if (accuracyFollower != null) {
            accuracyFollower.close();
            rps.close();
            promotionsFollower.close();
            driftFollower.close();
        }
        if (producer != null) {
            producer.close();
        }
        registry.close();
        broker.close();
    }
}
