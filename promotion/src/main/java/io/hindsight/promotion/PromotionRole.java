package io.hindsight.promotion;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.promotion.PromotionDecision.AliasMove;
import io.hindsight.contracts.role.Role;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promotion role: every {@link PromotionConfig#interval()} it reads the scored records committed since
 * the last round, evaluates each task/family that has both a Production and a B alias with
 * {@link PromotionPolicy}, and appends the decision to {@code promotions}, together with the alias moves it
 * made, in one transaction ({@link LedgerWriter}).
 *
 * <p>Task-wide tasks (calories, digits: every request goes to the task's one served Production, every other
 * alias of the task, any family, is scored beside it) also have Production judged against a B of another
 * family, when the served Production's family has no B of its own (digits: Production in cnn, B in xgboost).
 * That decision is keyed {@code task/<B's family>}, its evidence names both versions, and it never moves an
 * alias: a "promoted" outcome across families is left to an operator ({@link #CROSS_FAMILY_PROMOTION}). See
 * {@link #crossFamily}. rps routes per family and is evaluated per family only.
 *
 * <p>Evidence ({@link EvidenceStore}) is rebuilt on start by reading every {@code <task>.scored} from the
 * beginning, and counts a version only under the alias its records name, so after a swap each version
 * starts over in its new role and the old Production cannot swap straight back.
 *
 * <p>Ledger volume: promotions and reorders are always appended; a kept or insufficient-data decision is
 * appended when it differs from the last one appended for that family in anything but its time (new
 * evidence, other versions, another outcome), so an idle family writes once, not every minute. After a
 * restart each family is appended once again.
 *
 * <p>Meters: hindsight_promotion_evaluations_total{task,outcome} counts every evaluation, appended or not.
 */
public final class PromotionRole implements Role {
    private static final Logger log = LoggerFactory.getLogger(PromotionRole.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    /** Why a cross-family promotion is recorded without moving any alias. */
    static final String CROSS_FAMILY_PROMOTION = "promotion across families needs an operator: POST /v1/promotions/override";

    private final String bootstrapServers;
    private final PromotionConfig config;
    private final MeterRegistry registry;
    private final PromotionPolicy policy;
    private final EvidenceStore evidence = new EvidenceStore();
    private final AliasTable aliases = new AliasTable();
    /** The last decision appended per task/family, its time zeroed, to leave out repeats. */
    private final Map<String, PromotionDecision> lastAppended = new HashMap<>();
    private final Map<List<String>, Counter> evaluations = new LinkedHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile CompactedTopicView<String, AliasAssignment> view;
    private ScoredReader reader;
    private LedgerWriter writer;
    private volatile ScheduledExecutorService scheduler;
    private boolean closed;

    public PromotionRole(String bootstrapServers, PromotionConfig config, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.registry = registry;
        this.policy = PromotionPolicy.of(config);
    }

    @Override
    public String name() {
        return "promotion";
    }

    /** Opens the clients and evaluates every interval, the first one interval after start. */
    @Override
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException(name() + " already started");
        }
        open();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "promotion");
            t.setDaemon(true);
            return t;
        });
        long ms = config.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::evaluateSafely, ms, ms, TimeUnit.MILLISECONDS);
        log.info("{} started: every {}, alpha {}, {} games / {} samples minimum, tasks {}", name(), config.interval(),
                config.alpha(), config.minGames(), config.minSamples(), config.tasks());
    }

    private void evaluateSafely() {
        try {
            evaluateOnce();
        } catch (LedgerWriter.FatalWriterException e) {
            failure.compareAndSet(null, e);
            log.error("{} failed for good", name(), e);
            scheduler.shutdown();
        } catch (RuntimeException e) {
            // A broker hiccup: the next interval tries again with the same evidence and more.
            log.warn("{}: evaluation failed, retrying next interval: {}", name(), e.toString());
        }
    }

    /**
     * One evaluation of every task/family, now: reads the scored records committed so far, decides, and
     * appends what is worth appending. Returns every decision made, appended or not. Opens the clients on
     * first use, so tests and ops can call it without {@link #start()}.
     */
    public synchronized List<PromotionDecision> evaluateOnce() {
        if (closed) {
            throw new IllegalStateException(name() + " is closed");
        }
        open();
        awaitAliases();
        reader.drain(evidence, CATCH_UP);
        long now = System.currentTimeMillis();
        Map<String, AliasAssignment> snapshot = view.snapshot();
        List<PromotionDecision> decisions = new ArrayList<>();
        for (Task task : config.tasks()) {
            Map<String, Map<String, String>> families = aliases.families(task.id(), snapshot);
            for (Map.Entry<String, Map<String, String>> f : families.entrySet()) {
                Map<String, String> versions = f.getValue();
                if (!versions.containsKey(Aliases.PRODUCTION) || !versions.containsKey(Aliases.B)) {
                    continue;
                }
                evaluateGuarded(task, f.getKey(), () -> evaluate(task, f.getKey(), versions, now), decisions);
            }
            String[] cross = crossFamily(task, families);
            if (cross != null) {
                evaluateGuarded(task, cross[1], () -> evaluateAcrossFamilies(task, cross[0], families.get(cross[0]),
                        cross[1], families.get(cross[1]), now), decisions);
            }
        }
        return decisions;
    }

    private static void evaluateGuarded(Task task, String family, Supplier<PromotionDecision> evaluation,
                                        List<PromotionDecision> decisions) {
        try {
            decisions.add(evaluation.get());
        } catch (LedgerWriter.FatalWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            // One family's failed append must not keep the others from being evaluated.
            log.warn("{}/{}: evaluation not recorded, retried next interval: {}", task.id(), family, e.toString());
        }
    }

    /**
     * A task-wide task (every task but rps, whose requests are routed per family) serves Production of the first
     * family by name that has one (as the predictor's ServingModels does) and scores every other alias of the
     * task, any family, on the same requests. When that family has no B of its own, its Production is judged
     * against the B of the first family by name that has a B and no Production (a family with both is evaluated
     * on its own, as before). Returns {production family, B family}, or null when there is no such pair.
     */
    static String[] crossFamily(Task task, Map<String, Map<String, String>> families) {
        if (task == Task.RPS) {
            return null;
        }
        String served = null;
        for (Map.Entry<String, Map<String, String>> f : families.entrySet()) { // sorted by family
            if (f.getValue().containsKey(Aliases.PRODUCTION)) {
                served = f.getKey();
                break;
            }
        }
        if (served == null || families.get(served).containsKey(Aliases.B)) {
            return null;
        }
        for (Map.Entry<String, Map<String, String>> f : families.entrySet()) {
            if (f.getValue().containsKey(Aliases.B) && !f.getValue().containsKey(Aliases.PRODUCTION)) {
                return new String[] {served, f.getKey()};
            }
        }
        return null;
    }

    private PromotionDecision evaluate(Task task, String family, Map<String, String> versions, long now) {
        Map<String, AliasStats> byAlias = new LinkedHashMap<>();
        for (String alias : Aliases.ALL) {
            String version = versions.get(alias);
            if (version != null) {
                byAlias.put(alias, evidence.stats(task.id(), family, alias, version));
            }
        }
        PairedStats paired = evidence.paired(task.id(), family, versions.get(Aliases.PRODUCTION), versions.get(Aliases.B));
        return record(policy.decide(task, family, byAlias, paired, now), now);
    }

    /**
     * Production of {@code productionFamily} against B of {@code bFamily}, on the evidence each gathered in its own
     * family, by the task's usual test. The decision is keyed by B's family (it judges that B: the trainer's
     * retrainer waits for it), and its evidence names Production and B with their versions. A promotion across
     * families moves nothing: the alias keys hold the family, so it would take deleting Production and B in one
     * family and re-creating them in the other, which the trainer's first-start guard would read as a missing
     * alias. The decision says so and leaves it to an operator.
     */
    private PromotionDecision evaluateAcrossFamilies(Task task, String productionFamily, Map<String, String> productionAliases,
                                                     String bFamily, Map<String, String> bAliases, long now) {
        String productionVersion = productionAliases.get(Aliases.PRODUCTION);
        String bVersion = bAliases.get(Aliases.B);
        Map<String, AliasStats> byAlias = new LinkedHashMap<>();
        byAlias.put(Aliases.PRODUCTION, evidence.stats(task.id(), productionFamily, Aliases.PRODUCTION, productionVersion));
        byAlias.put(Aliases.B, evidence.stats(task.id(), bFamily, Aliases.B, bVersion));
        PairedStats paired = evidence.paired(task.id(), productionFamily, productionVersion, bFamily, bVersion);
        return record(acrossFamilies(policy.decide(task, bFamily, byAlias, paired, now), productionFamily), now);
    }

    /** The policy's decision on a cross-family pair as it goes on the ledger: no moves, and why. */
    static PromotionDecision acrossFamilies(PromotionDecision d, String productionFamily) {
        String reason = "Production of " + productionFamily + " against B of " + d.family() + " (task-wide serving): " + d.reason();
        if (!d.moves().isEmpty()) {
            reason += ". Nothing moved: " + CROSS_FAMILY_PROMOTION;
        }
        return new PromotionDecision(d.task(), d.family(), d.evaluatedTs(), d.outcome(), d.metric(), d.test(), d.statistic(),
                d.pValue(), d.alpha(), d.minSamples(), d.evidence(), List.of(), reason);
    }

    /** Appends {@code d} and its moves unless it repeats the last entry for its key; returns it either way. */
    private PromotionDecision record(PromotionDecision d, long now) {
        counter(d.task(), d.outcome()).increment();
        String key = PromotionDecision.key(d.task(), d.family());
        PromotionDecision timeless = withoutTime(d);
        if (d.moves().isEmpty() && timeless.equals(lastAppended.get(key))) {
            log.debug("{}: {} again with no new evidence; not appended", key, d.outcome());
            return d;
        }
        List<AliasAssignment> moves = assignments(d, now);
        writer.append(d, moves);
        moves.forEach(aliases::wrote);
        lastAppended.put(key, timeless);
        if (d.moves().isEmpty()) {
            log.info("{}: {} ({})", key, d.outcome(), d.reason());
        } else {
            log.info("{}: {}, moved {} ({})", key, d.outcome(), d.moves(), d.reason());
        }
        return d;
    }

    private static List<AliasAssignment> assignments(PromotionDecision d, long now) {
        List<AliasAssignment> out = new ArrayList<>(d.moves().size());
        for (AliasMove m : d.moves()) {
            out.add(new AliasAssignment(d.task(), d.family(), m.alias(), m.toVersion(), now,
                    d.outcome() + " by the promotion role: " + d.reason()));
        }
        return out;
    }

    private static PromotionDecision withoutTime(PromotionDecision d) {
        return new PromotionDecision(d.task(), d.family(), 0L, d.outcome(), d.metric(), d.test(), d.statistic(), d.pValue(),
                d.alpha(), d.minSamples(), d.evidence(), d.moves(), d.reason());
    }

    private Counter counter(String task, String outcome) {
        return evaluations.computeIfAbsent(List.of(task, outcome), k -> Counter.builder("hindsight.promotion.evaluations")
                .description("promotion evaluations of a task/family, by outcome")
                .tag("task", task).tag("outcome", outcome).register(registry));
    }

    private void open() {
        if (view != null) {
            return;
        }
        view = new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, "hindsight-promotion-aliases").start();
        reader = new ScoredReader(bootstrapServers, config.tasks(), "hindsight-promotion-scored");
        writer = new LedgerWriter(bootstrapServers, config.transactionalId());
    }

    /** An evaluation on a half-read alias table could miss a family or see an old holder. */
    private void awaitAliases() {
        try {
            if (!view.awaitCaughtUp(CATCH_UP)) {
                throw new IllegalStateException(Topics.MODEL_ALIASES.name() + " not read within " + CATCH_UP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + Topics.MODEL_ALIASES.name(), e);
        }
        if (view.failure() != null) {
            throw new IllegalStateException("the view of " + Topics.MODEL_ALIASES.name() + " stopped", view.failure());
        }
    }

    /** Ready once started and the alias table is read, until a fatal failure. */
    @Override
    public boolean isReady() {
        CompactedTopicView<String, AliasAssignment> v = view; // not synchronized: an evaluation may hold the lock a while
        return scheduler != null && v != null && v.isCaughtUp() && v.failure() == null && failure.get() == null;
    }

    @Override
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            closed = true;
            s = scheduler;
        }
        if (s != null) {
            s.shutdown();
            try {
                s.awaitTermination(30, TimeUnit.SECONDS); // lets a running evaluation finish its transaction
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (writer != null) {
                writer.close();
            }
            if (reader != null) {
                reader.close();
            }
            if (view != null) {
                view.close();
            }
            evaluations.values().forEach(registry::remove);
            evaluations.clear();
        }
        log.info("{} stopped", name());
    }
}
