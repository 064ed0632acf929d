package io.hindsight.predictor.registry;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.hindsight.predictor.task.TaskServing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models each alias of one task points at, kept current from the compacted {@code model-aliases},
 * {@code models} and {@code model-artifacts} topics. Any change on any of them reconciles: an alias whose
 * version moved gets the new model once its metadata and bytes have arrived and the bytes match their
 * sha256; until then the alias keeps serving its old model. The result is published as one immutable
 * {@link ServingModels} snapshot, so the swap is atomic and no request is dropped.
 */
public final class ModelRegistryView implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistryView.class);

    /** A model no snapshot serves any more is closed this long after, once no batch can still be using it. */
    private static final long RETIRE_AFTER_SECONDS = 60;

    private final Task task;
    private final ModelLoader loader;
    private final MeterRegistry meters;
    private final ScheduledExecutorService retirements = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-retirement");
        t.setDaemon(true);
        return t;
    });
    private final CompactedTopicView<String, AliasAssignment> aliases;
    private final CompactedTopicView<String, ModelVersion> models;
    private final CompactedTopicView<String, byte[]> artifacts;
    private final Gauge loadedGauge;
    /** Guarded by this: alias key (task/family/alias) -> loaded model. */
    private Map<String, LoadedModel> loaded = Map.of();
    /** Guarded by this: deserialized models by version, so two aliases on one version share it. */
    private final Map<String, ServableModel> byVersion = new HashMap<>();
    /** Guarded by this: versions found unusable (bad sha, wrong format), logged once. */
    private final Set<String> rejected = new HashSet<>();
    private volatile ServingModels current = ServingModels.EMPTY;

    public ModelRegistryView(Task task, String bootstrapServers, MeterRegistry meters) {
        this(TaskServing.of(task), 1, bootstrapServers, meters);
    }

    /** @param onnxThreads ONNX Runtime intra-op threads per model: the predictor batches, so 1 is usually best */
    public ModelRegistryView(TaskServing serving, int onnxThreads, String bootstrapServers, MeterRegistry meters) {
        this.task = serving.task();
        this.loader = new ModelLoader(serving, onnxThreads);
        this.meters = meters;
        String client = "hindsight-predictor-" + task.id() + "-registry-";
        this.aliases = new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, client + "aliases");
        this.models = new CompactedTopicView<>(Topics.MODELS, bootstrapServers, client + "models");
        this.artifacts = new CompactedTopicView<>(Topics.MODEL_ARTIFACTS, bootstrapServers, client + "artifacts");
        this.loadedGauge = Gauge.builder("hindsight.models.loaded", this, v -> v.current().size())
                .description("models loaded by the predictor, all aliases")
                .tag("task", task.id()).register(meters);
    }

    public ModelRegistryView start() {
        aliases.onChange((k, v) -> reconcile());
        models.onChange((k, v) -> reconcile());
        artifacts.onChange((k, v) -> reconcile());
        artifacts.start();
        models.start();
        aliases.start();
        return this;
    }

    /**
     * True when the registry has been read to its end and no Production alias exists for this task: the
     * predictor has nothing to serve yet, which is a state of the data, not a fault of the process.
     */
    public boolean awaitingFirstModel() {
        if (!aliases.isCaughtUp() || !models.isCaughtUp() || !artifacts.isCaughtUp()) {
            return false;
        }
        return aliases.snapshot().values().stream()
                .noneMatch(a -> task.id().equals(a.task()) && io.hindsight.contracts.Aliases.PRODUCTION.equals(a.alias()));
    }

    /** The models to use for the next batch. */
    public ServingModels current() {
        return current;
    }

    /** Blocks until a Production model is loaded; false on timeout. */
    public synchronized boolean awaitProduction(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current.production() == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private synchronized void reconcile() {
        Map<String, LoadedModel> next = new HashMap<>();
        for (AliasAssignment a : aliases.snapshot().values()) {
            if (!task.id().equals(a.task())) {
                continue;
            }
            LoadedModel before = loaded.get(a.key());
            if (before != null && before.version().equals(a.version())) {
                next.put(a.key(), before);
                continue;
            }
            ServableModel model = load(a.version());
            if (model != null) {
                next.put(a.key(), new LoadedModel(a.family(), a.alias(), a.version(), model));
                swapped(a, before);
            } else if (before != null) {
                next.put(a.key(), before); // keep serving until the new version is loadable
            }
        }
        for (String key : loaded.keySet()) {
            if (!next.containsKey(key)) {
                log.info("{} alias {} removed", task.id(), key);
            }
        }
        loaded = Map.copyOf(next);
        Set<String> inUse = new HashSet<>();
        next.values().forEach(m -> inUse.add(m.version()));
        for (String version : new ArrayList<>(byVersion.keySet())) {
            if (!inUse.contains(version)) {
                retire(version, byVersion.remove(version));
            }
        }
        current = ServingModels.of(new ArrayList<>(next.values()));
        notifyAll();
    }

    /** The verified model of a version, or null while its metadata or bytes have not arrived (or are bad). */
    private ServableModel load(String version) {
        ServableModel cached = byVersion.get(version);
        if (cached != null || rejected.contains(version)) {
            return cached;
        }
        ModelVersion meta = models.get(version);
        if (meta == null) {
            return null;
        }
        byte[] bytes = artifacts.get(meta.artifactSha256());
        if (bytes == null) {
            return null;
        }
        try {
            ServableModel model = loader.load(meta, bytes);
            byVersion.put(version, model);
            return model;
        } catch (Exception e) {
            rejected.add(version);
            log.error("{} model {} rejected: {}", task.id(), version, e.getMessage(), e);
            return null;
        }
    }

    private void retire(String version, ServableModel model) {
        try {
            retirements.schedule(() -> {
                model.close();
                log.debug("{} model {} closed", task.id(), version);
            }, RETIRE_AFTER_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("{} model {} not closed: shutting down", task.id(), version);
        }
    }

    private void swapped(AliasAssignment a, LoadedModel before) {
        Counter.builder("hindsight.model.swaps").description("models loaded behind an alias, the first load included")
                .tag("task", task.id()).tag("alias", a.alias()).register(meters).increment();
        log.info("{} alias {} now serves {} (was {})", task.id(), a.key(), a.version(), before == null ? "none" : before.version());
    }

    @Override
    public void close() {
        aliases.close();
        models.close();
        artifacts.close();
        meters.remove(loadedGauge);
        retirements.shutdownNow();
        synchronized (this) {
            byVersion.values().forEach(ServableModel::close);
            byVersion.clear();
        }
    }
}
