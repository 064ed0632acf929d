package io.hindsight.trainer.retrain;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.role.Role;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.rps.RpsTrainedModel;
import io.hindsight.trainer.rps.RpsTraining;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer role's retraining of rps: when {@link RetrainPolicy} says a challenger is due (every N new
 * rounds on {@code rps.rounds}, or every T), each family's B configuration is trained on every committed
 * round and published as B. Whether it then replaces Production is the promotion role's decision, made on the
 * games it wins online and written to the ledger. "New" means past the end of the data the current B models
 * were trained on (their recorded ranges), so a restart neither retrains at once nor forgets; while a family
 * has no B yet (the first start is still training) nothing is due.
 */
public final class RpsRetrainer implements Role {
    private static final Logger log = LoggerFactory.getLogger(RpsRetrainer.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(10);
    private static final TopicPartition ROUNDS = new TopicPartition(Topics.RPS_ROUNDS.name(), 0);

    private final String bootstrapServers;
    private final RetrainPolicy policy;
    private final Path djlCacheDir;
    private final String codeVersion;
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long trainedAt;
    private CompactedTopicView<String, AliasAssignment> aliases;
    private CompactedTopicView<String, ModelVersion> models;
    private volatile boolean running;
    private Thread thread;

    public RpsRetrainer(String bootstrapServers, RetrainPolicy policy, Path djlCacheDir, String codeVersion,
                        MeterRegistry registry) {
        this(bootstrapServers, policy, djlCacheDir, codeVersion, registry, Clock.systemUTC());
    }

    RpsRetrainer(String bootstrapServers, RetrainPolicy policy, Path djlCacheDir, String codeVersion,
                 MeterRegistry registry, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.policy = policy;
        this.djlCacheDir = djlCacheDir;
        this.codeVersion = codeVersion;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "trainer-rps-retraining";
    }

    @Override
    public void start() {
        follow();
        trainedAt = clock.millis();
        running = true;
        thread = new Thread(this::loop, "rps-retrainer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean isReady() {
        return running && failure.get() == null;
    }

    @Override
    public Throwable failure() {
        return failure.get();
    }

    /**
     * Trains and publishes each family's challenger as B if the policy says it is due; returns what was
     * published (empty when nothing was due).
     */
    public List<RpsTrainedModel> retrainIfDue() {
        follow();
        long trainedUpTo = challengersTrainedUpTo();
        if (trainedUpTo < 0) {
            return List.of();
        }
        long end = endOffset();
        String why = policy.due(end - trainedUpTo, Duration.ofMillis(clock.millis() - trainedAt));
        if (why == null) {
            return List.of();
        }
        log.info("retraining the rps challengers (B) on rps.rounds [0, {}): {}", end, why);
        List<RpsTrainedModel> published = new ArrayList<>();
        for (String family : RpsRules.FAMILIES) {
            RpsTrainedModel m = RpsTraining.trainAndPublish(bootstrapServers, family, Aliases.B, List.of(), null,
                    djlCacheDir, codeVersion, TrainingProgress.NONE);
            published.add(m);
            Counter.builder("hindsight.trainer.retrained").description("challengers retrained on policy and published as B")
                    .tags("task", "rps", "family", family).register(registry).increment();
            log.info("published rps challenger {} as B: hold-out accuracy {}", m.version(),
                    m.metadata().metrics().get("holdoutAccuracy"));
        }
        trainedAt = clock.millis();
        return published;
    }

    /** The least end offset of rps.rounds the families' B models were trained to; -1 while a B is missing. */
    long challengersTrainedUpTo() {
        try {
            if (!aliases.awaitCaughtUp(Duration.ofSeconds(30)) || !models.awaitCaughtUp(Duration.ofSeconds(30))) {
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        Map<String, AliasAssignment> byKey = aliases.snapshot();
        Map<String, ModelVersion> versions = models.snapshot();
        long least = Long.MAX_VALUE;
        for (String family : RpsRules.FAMILIES) {
            AliasAssignment b = byKey.get(AliasAssignment.key(Task.RPS.id(), family, Aliases.B));
            ModelVersion v = b == null ? null : versions.get(b.version());
            if (v == null) {
                return -1;
            }
            long end = 0;
            for (TrainingRange r : v.trainingRanges()) {
                if (r.topic().equals(ROUNDS.topic()) && r.partition() == ROUNDS.partition()) {
                    end = Math.max(end, r.endOffset());
                }
            }
            least = Math.min(least, end);
        }
        return least;
    }

    private synchronized void follow() {
        if (aliases == null) {
            aliases = new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, "hindsight-rps-retrainer-aliases").start();
            models = new CompactedTopicView<>(Topics.MODELS, bootstrapServers, "hindsight-rps-retrainer-models").start();
        }
    }

    private void loop() {
        while (running) {
            try {
                retrainIfDue();
                Thread.sleep(CHECK_EVERY.toMillis()); // a polling period, not synchronisation
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a failed training is retried at the next check; the broker may be recovering
                log.warn("rps retraining failed; retrying in {}: {}", CHECK_EVERY, e.toString());
                try {
                    Thread.sleep(CHECK_EVERY.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** The committed end of rps.rounds (read_committed: the last stable offset). */
    long endOffset() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> end = c.endOffsets(List.of(ROUNDS), Duration.ofSeconds(30));
            return end.getOrDefault(ROUNDS, 0L);
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (aliases != null) {
            aliases.close();
            models.close();
        }
    }
}
