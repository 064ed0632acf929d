package io.hindsight.trainer.retrain;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.role.Role;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.digits.DigitsXgbConfig;
import io.hindsight.trainer.publish.ModelPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer role's retraining: for each task ({@link Challenger}) and family, when {@link RetrainPolicy} says a
 * challenger is due — N new records on the task's counted topic, or T since the last training with at least one —
 * it is trained on everything committed and published as B. Whether it then replaces Production is the promotion
 * role's decision, made on the online metrics and written to the {@code promotions} ledger.
 *
 * <p>"New" means past the ends of the counted topic's ranges recorded by the models the family serves now: the
 * current B and, when the family has one, its Production (after a promotion B holds the old Production, and a
 * challenger trained on no more than the new Production saw would only be its copy). So a restart neither retrains
 * at once nor forgets. With no B yet and a Production trained on generated rows (calories' first start), every
 * record is new. "Since the last training" is measured from the newer of those models' creation times.
 *
 * <p>Two guards. Nothing of a task is due until its first-start aliases exist ({@link Challenger#requiredAliases()}):
 * the first start is still training, leave the machine to it. And a B is not replaced before the promotion role has
 * judged it: the latest ledger decision of the task (any family's key: digits' Production is another family than
 * its B) kept it, promoted it or reordered shadows on evidence naming it, or moved B to it; "insufficient data" is
 * not a judgement. Under heavy traffic a challenger replaced every N records would never collect the evidence it is
 * judged on. A family without a B has nothing to judge.
 *
 * <p>After each publish the family's versions that no alias names and that are not among its newest few leave the
 * registry ({@link RegistryRetention}): otherwise every challenger's bytes stayed in every registry view for good.
 *
 * <p>Too little data to train (calories: fewer than 200 labelled rows) is logged at INFO by the challenger and not
 * tried again until the counted topic grows. A failed training is retried after {@link #FAILURE_BACKOFF}. Trainings
 * run one at a time on the retrainer's thread. Meters: {@code hindsight.trainer.retrained{task,family}}, at zero from
 * the start, and {@code hindsight.trainer.retired{task,family}}, versions deleted from the registry.
 */
public final class Retrainer implements Role {
    private static final Logger log = LoggerFactory.getLogger(Retrainer.class);
    static final Duration CHECK_EVERY = Duration.ofSeconds(10);
    static final Duration FAILURE_BACKOFF = Duration.ofMinutes(1);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    /** Its own id: retiring must not fence a challenger's publisher. */
    static final String RETENTION_TRANSACTIONAL_ID = "hindsight-registry-retention";

    private final String bootstrapServers;
    private final RetrainPolicy policy;
    private final List<Challenger> challengers;
    private final MeterRegistry registry;
    private final Clock clock;
    private final RegistryRetention retention;
    private final ModelPublisher retirements;
    private final long startedAt;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** B versions this retrainer published, by alias key, until the alias view has read them back. */
    private final Map<String, Own> own = new HashMap<>();
    /** The counted topic's offsets at which a family had too little data, by alias key. */
    private final Map<String, Map<TopicPartition, Long>> tooLittleAt = new HashMap<>();
    /** When a family whose training failed may be tried again, by alias key. */
    private final Map<String, Long> retryAt = new HashMap<>();
    private final Map<String, List<TopicPartition>> partitions = new HashMap<>();
    private final Object checking = new Object();
    private CompactedTopicView<String, AliasAssignment> aliases;
    private CompactedTopicView<String, ModelVersion> models;
    private CompactedTopicView<String, PromotionDecision> decisions;
    private KafkaConsumer<byte[], byte[]> offsets;
    private volatile boolean running;
    private boolean closed;
    private Thread thread;

    /** A B this retrainer published over {@code replaced} (null: there was none). */
    private record Own(String replaced, ModelVersion published) {
    }

    public Retrainer(String bootstrapServers, RetrainPolicy policy, List<Challenger> challengers, MeterRegistry registry) {
        this(bootstrapServers, policy, challengers, registry, Clock.systemUTC());
    }

    Retrainer(String bootstrapServers, RetrainPolicy policy, List<Challenger> challengers, MeterRegistry registry, Clock clock) {
        this(bootstrapServers, policy, challengers, registry, clock, RegistryRetention.DEFAULT);
    }

    Retrainer(String bootstrapServers, RetrainPolicy policy, List<Challenger> challengers, MeterRegistry registry, Clock clock,
              RegistryRetention retention) {
        this.retention = retention;
        this.retirements = new ModelPublisher(bootstrapServers, RETENTION_TRANSACTIONAL_ID);
        this.bootstrapServers = bootstrapServers;
        this.policy = policy;
        this.challengers = List.copyOf(challengers);
        this.registry = registry;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    /**
     * The three tasks: calories (its first-start configuration on live data), digits (XGBoost with {@code digits}, on
     * digits.training and the live drawings) and rps (each family's B configuration).
     *
     * @param djlCacheDir where DJL keeps libtorch (rps brian); null for DJL's default
     * @param codeVersion the build version stored with each model; may be null
     */
    public static Retrainer allTasks(String bootstrapServers, RetrainPolicy policy, Path djlCacheDir, String codeVersion,
                                     DigitsXgbConfig digits, MeterRegistry registry) {
        return new Retrainer(bootstrapServers, policy, List.of(
                new CaloriesChallenger(bootstrapServers, CaloriesTrainerConfig.defaults(), codeVersion),
                new DigitsChallenger(bootstrapServers, digits, codeVersion),
                new RpsChallenger(bootstrapServers, djlCacheDir, codeVersion)), registry);
    }

    @Override
    public String name() {
        return "trainer-retraining";
    }

    @Override
    public void start() {
        for (Challenger c : challengers) { // at zero from the start: a dashboard shows "none yet", not "no data"
            c.families().forEach(f -> retrained(c, f));
        }
        follow();
        running = true;
        thread = new Thread(this::loop, "retrainer");
        thread.setDaemon(true);
        thread.start();
        log.info("{} started: {} new records or {} with any, tasks {}", name(), policy.everyRecords(), policy.every(),
                challengers.stream().map(c -> c.task().id()).toList());
    }

    @Override
    public boolean isReady() {
        return running && failure.get() == null;
    }

    @Override
    public Throwable failure() {
        return failure.get();
    }

    /** Every task's challengers that are due, trained and published as B; returns what was published. */
    public List<ModelVersion> retrainIfDue() {
        List<ModelVersion> published = new ArrayList<>();
        for (Challenger c : challengers) {
            published.addAll(retrainIfDue(c));
        }
        return published;
    }

    /** One task's: what was published (empty when nothing was due). */
    public List<ModelVersion> retrainIfDue(Task task) {
        List<ModelVersion> published = new ArrayList<>();
        for (Challenger c : challengers) {
            if (c.task() == task) {
                published.addAll(retrainIfDue(c));
            }
        }
        return published;
    }

    /**
     * One task's check. Checks (and trainings) run one at a time, under their own lock, so that {@link #close()}
     * does not wait for a training to finish.
     */
    private List<ModelVersion> retrainIfDue(Challenger c) {
        synchronized (checking) {
            return check(c);
        }
    }

    private List<ModelVersion> check(Challenger c) {
        follow();
        if (!caughtUp()) {
            return List.of();
        }
        Map<String, AliasAssignment> byKey = aliases.snapshot();
        for (String key : c.requiredAliases()) {
            if (!byKey.containsKey(key)) {
                log.debug("{}: {} missing, the first start is still training; nothing is due", c.task().id(), key);
                return List.of();
            }
        }
        Map<String, ModelVersion> versions = models.snapshot();
        Collection<PromotionDecision> ledger = decisions.snapshot().values();
        String task = c.task().id();
        Counts counts = counts(c.countedTopic());
        long now = clock.millis();
        List<ModelVersion> published = new ArrayList<>();
        for (String family : c.families()) {
            String key = AliasAssignment.key(task, family, Aliases.B);
            if (retryAt.getOrDefault(key, Long.MIN_VALUE) > now) {
                continue;
            }
            ModelVersion b = currentB(key, byKey, versions);
            if (b == null && byKey.containsKey(key)) {
                continue; // B's metadata not read yet (or uploaded without it): look again next time
            }
            AliasAssignment p = byKey.get(AliasAssignment.key(task, family, Aliases.PRODUCTION));
            ModelVersion production = p == null ? null : versions.get(p.version());
            List<ModelVersion> serving = new ArrayList<>();
            if (b != null) {
                serving.add(b);
            }
            if (production != null) {
                serving.add(production);
            }
            long fresh = newRecords(counts.starts(), counts.ends(), serving);
            long last = serving.stream().mapToLong(ModelVersion::createdAt).max().orElse(startedAt);
            String why = policy.due(fresh, Duration.ofMillis(Math.max(0, now - last)));
            if (why == null) {
                continue;
            }
            if (b != null && !judged(task, b.version(), ledger)) {
                log.debug("{}: due ({}) but B {} not judged by the promotion role yet", key, why, b.version());
                continue;
            }
            if (counts.ends().equals(tooLittleAt.get(key))) {
                continue; // nothing arrived since the data was found too little
            }
            log.info("retraining the {} {} challenger (B) on everything committed: {}", task, family, why);
            try {
                var m = c.trainAndPublish(family);
                if (m.isEmpty()) {
                    tooLittleAt.put(key, counts.ends());
                    continue;
                }
                tooLittleAt.remove(key);
                own.put(key, new Own(b == null ? null : b.version(), m.get()));
                published.add(m.get());
                retrained(c, family).increment();
                retireOld(task, family, key, m.get(), versions, byKey);
            } catch (RuntimeException e) {
                retryAt.put(key, now + FAILURE_BACKOFF.toMillis());
                log.warn("retraining the {} {} challenger failed; trying again in {}: {}", task, family, FAILURE_BACKOFF,
                        e.toString(), e);
            }
        }
        return published;
    }

    /**
     * After a publish: the family's versions {@link RegistryRetention} lets go are deleted from the registry. A failure
     * is logged, not fatal: they are retired with the next publish.
     */
    private void retireOld(String task, String family, String bKey, ModelVersion published, Map<String, ModelVersion> versions,
                           Map<String, AliasAssignment> byKey) {
        List<AliasAssignment> after = byKey.values().stream().filter(a -> !a.key().equals(bKey)).toList(); // B is published now
        RegistryRetention.Retirement r = retention.retire(task, family, published, versions.values(), after);
        if (r.isEmpty()) {
            return;
        }
        try {
            retirements.retire(r.versions(), r.artifacts(), task + "/" + family + ": neither aliased nor among the newest "
                    + retention.keepNewest() + " after " + published.version());
            Counter.builder("hindsight.trainer.retired").description("retrained versions deleted from the registry")
                    .tags("task", task, "family", family).register(registry).increment(r.versions().size());
        } catch (RuntimeException e) {
            log.warn("retiring {} of {}/{} failed; trying again after the next publish: {}", r.versions(), task, family, e.toString());
        }
    }

    /**
     * The family's B as it stands: the version the alias view names, unless that is still the one this retrainer
     * replaced (the view has not read the publish back yet); null when there is no B.
     */
    private ModelVersion currentB(String key, Map<String, AliasAssignment> byKey, Map<String, ModelVersion> versions) {
        AliasAssignment a = byKey.get(key);
        Own o = own.get(key);
        if (o != null) {
            boolean stale = a == null ? o.replaced() == null : a.version().equals(o.replaced());
            if (stale) {
                return o.published();
            }
            own.remove(key);
        }
        return a == null ? null : versions.get(a.version());
    }

    /**
     * Records of a counted topic past the ends of the models' recorded ranges of it: per partition, from the
     * largest recorded end (or the log start, whichever is later) to the last stable offset.
     */
    static long newRecords(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends, List<ModelVersion> trainedOn) {
        long fresh = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            TopicPartition tp = e.getKey();
            long upTo = starts.getOrDefault(tp, 0L);
            for (ModelVersion v : trainedOn) {
                for (TrainingRange r : v.trainingRanges()) {
                    if (r.topic().equals(tp.topic()) && r.partition() == tp.partition()) {
                        upTo = Math.max(upTo, r.endOffset());
                    }
                }
            }
            fresh += Math.max(0, e.getValue() - upTo);
        }
        return fresh;
    }

    /**
     * True when a latest ledger decision of the task judged {@code bVersion} as B: a test ran on evidence naming it
     * (kept, promoted, shadows reordered), or the decision itself moved B to it (a promotion's swap).
     */
    static boolean judged(String task, String bVersion, Collection<PromotionDecision> ledger) {
        for (PromotionDecision d : ledger) {
            if (!task.equals(d.task()) || PromotionDecision.INSUFFICIENT_DATA.equals(d.outcome())) {
                continue;
            }
            for (PromotionDecision.AliasMove m : d.moves()) {
                if (Aliases.B.equals(m.alias()) && bVersion.equals(m.toVersion())) {
                    return true;
                }
            }
            for (PromotionDecision.AliasEvidence e : d.evidence()) {
                if (Aliases.B.equals(e.alias()) && bVersion.equals(e.version())) {
                    return true;
                }
            }
        }
        return false;
    }

    private Counter retrained(Challenger c, String family) {
        return Counter.builder("hindsight.trainer.retrained").description("challengers retrained on policy and published as B")
                .tags("task", c.task().id(), "family", family).register(registry);
    }

    private boolean caughtUp() {
        try {
            return aliases.awaitCaughtUp(CATCH_UP) && models.awaitCaughtUp(CATCH_UP) && decisions.awaitCaughtUp(CATCH_UP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized void follow() {
        if (closed) {
            throw new IllegalStateException(name() + " is closed");
        }
        if (aliases == null) {
            aliases = new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, "hindsight-retrainer-aliases").start();
            models = new CompactedTopicView<>(Topics.MODELS, bootstrapServers, "hindsight-retrainer-models").start();
            // the latest decision per task/family (the ledger is append-only; the view keeps the last per key)
            decisions = new CompactedTopicView<>(Topics.PROMOTIONS, bootstrapServers, "hindsight-retrainer-ledger").start();
        }
    }

    /** Log starts and last stable offsets of every partition of a counted topic. */
    private record Counts(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
    }

    /** read_committed: the ends are last stable offsets, so open transactions are not counted yet. */
    private synchronized Counts counts(String topic) {
        if (closed) {
            throw new IllegalStateException(name() + " is closed");
        }
        if (offsets == null) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hindsight-retrainer");
            offsets = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        List<TopicPartition> tps = partitions.get(topic);
        if (tps == null) {
            List<PartitionInfo> infos = offsets.partitionsFor(topic, CATCH_UP);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            tps = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            partitions.put(topic, tps);
            Set<TopicPartition> all = new LinkedHashSet<>();
            partitions.values().forEach(all::addAll);
            offsets.assign(all); // assigned, so read_committed lookups give the last stable offset
        }
        return new Counts(new LinkedHashMap<>(offsets.beginningOffsets(tps, CATCH_UP)),
                new LinkedHashMap<>(offsets.endOffsets(tps, CATCH_UP)));
    }

    private void loop() {
        while (running) {
            try {
                retrainIfDue();
            } catch (RuntimeException e) {
                // the broker may be recovering: look again at the next check
                log.warn("retraining check failed; looking again in {}: {}", CHECK_EVERY, e.toString());
            } catch (Error e) {
                // e.g. out of memory on a large challenger: the role fails where the app and /readyz see it,
                // rather than the thread dying with only a line on stderr and retraining silently over
                failure.compareAndSet(null, e);
                running = false;
                log.error("{} stopped: {}", name(), e.toString(), e);
                return;
            }
            try {
                Thread.sleep(CHECK_EVERY.toMillis()); // a polling period, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
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
        synchronized (this) {
            closed = true;
            if (aliases != null) {
                aliases.close();
                models.close();
                decisions.close();
            }
            if (offsets != null) {
                offsets.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }
    }
}
