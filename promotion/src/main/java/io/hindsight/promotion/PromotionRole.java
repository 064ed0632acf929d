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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promotion role: every {@link PromotionConfig#interval()} it reads the scored records committed since
 * the last round, evaluates each task/family that has both a Production and a B alias with
 * {@link PromotionPolicy}, and appends the decision to {@code promotions}, together with the alias moves it
 * made, in one transaction ({@link LedgerWriter}).
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
            for (Map.Entry<String, Map<String, String>> f : aliases.families(task.id(), snapshot).entrySet()) {
                Map<String, String> versions = f.getValue();
                if (!versions.containsKey(Aliases.PRODUCTION) || !versions.containsKey(Aliases.B)) {
                    continue;
                }
                try {
                    decisions.add(evaluate(task, f.getKey(), versions, now));
                } catch (LedgerWriter.FatalWriterException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // One family's failed append must not keep the others from being evaluated.
                    log.warn("{}/{}: evaluation not recorded, retried next interval: {}", task.id(), f.getKey(), e.toString());
                }
            }
        }
        return decisions;
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
        PromotionDecision d = policy.decide(task, family, byAlias, paired, now);
        counter(task.id(), d.outcome()).increment();
        String key = PromotionDecision.key(task.id(), family);
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
