package io.hindsight.trainer.retrain;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.promotion.PromotionDecision;
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
import org.apache.kafka.clients.consumer.CloseOptions;
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
 * games it wins online and written to the ledger. "New" means past the end of the data the current B model
 * was trained on (its recorded ranges), so a restart neither retrains at once nor forgets. Two guards:
 * nothing is due until all twelve aliases exist (the first start is still training), and a family's B is not
 * replaced before the promotion role has judged it (kept, promoted or shadows reordered, on the ledger):
 * under heavy play a challenger replaced every N rounds would never collect the games it is judged on.
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
    private CompactedTopicView<String, PromotionDecision> decisions;
    private KafkaConsumer<byte[], byte[]> rounds;
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
        RpsRules.FAMILIES.forEach(this::retrained); // at zero from the start: a dashboard shows "none yet", not "no data"
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
        Map<String, Long> trainedUpTo = challengersTrainedUpTo();
        if (trainedUpTo.isEmpty()) {
            return List.of();
        }
        long end = endOffset();
        List<RpsTrainedModel> published = new ArrayList<>();
        for (String family : RpsRules.FAMILIES) {
            String why = policy.due(end - trainedUpTo.get(family), Duration.ofMillis(clock.millis() - trainedAt));
            if (why == null || !judged(family)) {
                continue;
            }
            log.info("retraining the rps {} challenger (B) on rps.rounds [0, {}): {}", family, end, why);
            RpsTrainedModel m = RpsTraining.trainAndPublish(bootstrapServers, family, Aliases.B, List.of(), null,
                    djlCacheDir, codeVersion, TrainingProgress.NONE);
            published.add(m);
            retrained(family).increment();
            log.info("published rps challenger {} as B: hold-out accuracy {}", m.version(),
                    m.metadata().metrics().get("holdoutAccuracy"));
        }
        if (!published.isEmpty()) {
            trainedAt = clock.millis();
        }
        return published;
    }

    private Counter retrained(String family) {
        return Counter.builder("hindsight.trainer.retrained").description("challengers retrained on policy and published as B")
                .tags("task", "rps", "family", family).register(registry);
    }

    /**
     * True when the promotion role's latest decision for the family judged the B now in place: a test ran on
     * its games (kept, promoted, shadows reordered), or B got its version from that decision's own moves.
     */
    boolean judged(String family) {
        String b = aliases.get(AliasAssignment.key(Task.RPS.id(), family, Aliases.B)).version();
        PromotionDecision d = decisions.get(PromotionDecision.key(Task.RPS.id(), family));
        if (d == null || PromotionDecision.INSUFFICIENT_DATA.equals(d.outcome())) {
            return false;
        }
        for (PromotionDecision.AliasMove m : d.moves()) {
            if (Aliases.B.equals(m.alias()) && b.equals(m.toVersion())) {
                return true;
            }
        }
        for (PromotionDecision.AliasEvidence e : d.evidence()) {
            if (Aliases.B.equals(e.alias()) && b.equals(e.version())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Per family, the end offset of rps.rounds its B model was trained to; empty until all twelve aliases
     * exist (the first start is then still training).
     */
    Map<String, Long> challengersTrainedUpTo() {
        try {
            if (!aliases.awaitCaughtUp(Duration.ofSeconds(30)) || !models.awaitCaughtUp(Duration.ofSeconds(30))
                    || !decisions.awaitCaughtUp(Duration.ofSeconds(30))) {
                return Map.of();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        Map<String, AliasAssignment> byKey = aliases.snapshot();
        Map<String, ModelVersion> versions = models.snapshot();
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (String family : RpsRules.FAMILIES) {
            for (String alias : Aliases.ALL) {
                if (!byKey.containsKey(AliasAssignment.key(Task.RPS.id(), family, alias))) {
                    return Map.of(); // the first start is still training: leave the machine to it
                }
            }
            ModelVersion v = versions.get(byKey.get(AliasAssignment.key(Task.RPS.id(), family, Aliases.B)).version());
            if (v == null) {
                return Map.of();
            }
            long end = 0;
            for (TrainingRange r : v.trainingRanges()) {
                if (r.topic().equals(ROUNDS.topic()) && r.partition() == ROUNDS.partition()) {
                    end = Math.max(end, r.endOffset());
                }
            }
            out.put(family, end);
        }
        return out;
    }

    private synchronized void follow() {
        if (aliases == null) {
            aliases = new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, "hindsight-rps-retrainer-aliases").start();
            models = new CompactedTopicView<>(Topics.MODELS, bootstrapServers, "hindsight-rps-retrainer-models").start();
            // the latest decision per task/family (the ledger is append-only; the view keeps the last per key)
            decisions = new CompactedTopicView<>(Topics.PROMOTIONS, bootstrapServers, "hindsight-rps-retrainer-ledger").start();
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
    synchronized long endOffset() {
        if (rounds == null) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hindsight-rps-retrainer");
            rounds = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            rounds.assign(List.of(ROUNDS)); // assigned, so the client tracks the last stable offset for us
        }
        return rounds.endOffsets(List.of(ROUNDS), Duration.ofSeconds(30)).getOrDefault(ROUNDS, 0L);
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
            decisions.close();
        }
        synchronized (this) {
            if (rounds != null) {
                rounds.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }
    }
}
