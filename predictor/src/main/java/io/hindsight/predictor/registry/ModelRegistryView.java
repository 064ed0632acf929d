package io.hindsight.predictor.registry;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.hindsight.predictor.task.TaskServing;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models each alias of one task points at, kept current from the compacted {@code model-aliases},
 * {@code models} and {@code model-artifacts} topics. Any change on any of them reconciles: an alias whose
 * version moved gets the new model once its metadata and bytes have arrived and the bytes match their
 * sha256; until then the alias keeps serving its old model. The result is published as one immutable
 * {@link ServingModels} snapshot, so the swap is atomic and no request is dropped.
 *
 * <p>The topics are read as raw bytes and every record is checked before it counts ({@link RegistryState}):
 * any client can write to them, and a malformed record, an alias pointing nowhere or bytes that are no
 * model must never stop the predictor or take a served model away. Refused records are counted as
 * {@code hindsight_predictor_registry_rejected_total{task,topic,reason}} and logged with the reason; these
 * compacted topics have no dead-letter topic.
 */
public final class ModelRegistryView implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistryView.class);

    /** A model no snapshot serves any more is closed this long after, once no batch can still be using it. */
    private static final long RETIRE_AFTER_SECONDS = 60;
    /**
     * How long an alias may point at a version whose metadata or bytes have not been read before it is
     * counted as pointing nowhere: the three topics are read by three consumers, so a publish's alias can
     * be read before its metadata.
     */
    public static final Duration DEFAULT_UNRESOLVED_GRACE = Duration.ofSeconds(30);

    private final Task task;
    private final MeterRegistry meters;
    private final Duration unresolvedGrace;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-registry");
        t.setDaemon(true);
        return t;
    });
    private final CompactedTopicView<String, byte[]> aliases;
    private final CompactedTopicView<String, byte[]> models;
    private final CompactedTopicView<String, byte[]> artifacts;
    private final Gauge loadedGauge;
    private final RegistryRejections rejections;
    /** Guarded by this. */
    private final RegistryState state;
    private volatile ServingModels current = ServingModels.EMPTY;
    private volatile boolean noProductionAlias = true;

    public ModelRegistryView(Task task, String bootstrapServers, MeterRegistry meters) {
        this(TaskServing.of(task), 1, bootstrapServers, meters);
    }

    /** @param onnxThreads ONNX Runtime intra-op threads per model: the predictor batches, so 1 is usually best */
    public ModelRegistryView(TaskServing serving, int onnxThreads, String bootstrapServers, MeterRegistry meters) {
        this(serving, onnxThreads, bootstrapServers, meters, DEFAULT_UNRESOLVED_GRACE);
    }

    /** @param unresolvedGrace see {@link #DEFAULT_UNRESOLVED_GRACE} */
    public ModelRegistryView(TaskServing serving, int onnxThreads, String bootstrapServers, MeterRegistry meters,
                             Duration unresolvedGrace) {
        this.task = serving.task();
        this.meters = meters;
        this.unresolvedGrace = unresolvedGrace;
        this.rejections = new RegistryRejections(meters, task.id());
        this.state = new RegistryState(task, new ModelLoader(serving, onnxThreads), rejections, new RegistryState.Events() {
            @Override
            public void swapped(AliasAssignment alias, LoadedModel before) {
                ModelRegistryView.this.swapped(alias, before);
            }

            @Override
            public void retired(String version, ServableModel model) {
                retire(version, model);
            }
        });
        String client = "hindsight-predictor-" + task.id() + "-registry-";
        this.aliases = new CompactedTopicView<>(raw(Topics.MODEL_ALIASES), bootstrapServers, client + "aliases");
        this.models = new CompactedTopicView<>(raw(Topics.MODELS), bootstrapServers, client + "models");
        this.artifacts = new CompactedTopicView<>(raw(Topics.MODEL_ARTIFACTS), bootstrapServers, client + "artifacts");
        this.loadedGauge = Gauge.builder("hindsight.models.loaded", this, v -> v.current().size())
                .description("models loaded by the predictor, all aliases")
                .tag("task", task.id()).register(meters);
    }

    /** The same topic read as bytes: each record is checked by {@link RegistryState}, never thrown away unseen. */
    private static Topic<String, byte[]> raw(Topic<String, ?> topic) {
        return new Topic<>(topic.name(), Serdes.String(), Serdes.ByteArray(), topic.partitions(), topic.config(), topic.schema());
    }

    public ModelRegistryView start() {
        aliases.onChange((k, v) -> onAlias(k, v));
        models.onChange((k, v) -> apply(() -> state.onModel(k, v)));
        artifacts.onChange((k, v) -> apply(() -> state.onArtifact(k, v)));
        artifacts.start();
        models.start();
        aliases.start();
        return this;
    }

    /** Refused registry records, by topic and reason. */
    public RegistryRejections rejections() {
        return rejections;
    }

    /**
     * True when the registry has been read to its end and no Production alias exists for this task: the
     * predictor has nothing to serve yet, which is a state of the data, not a fault of the process.
     */
    public boolean awaitingFirstModel() {
        if (!aliases.isCaughtUp() || !models.isCaughtUp() || !artifacts.isCaughtUp()) {
            return false;
        }
        return noProductionAlias;
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

    private void onAlias(String key, byte[] value) {
        RegistryState.Pending pending;
        synchronized (this) {
            pending = state.onAlias(key, value);
            published();
        }
        if (pending != null) {
            try {
                scheduler.schedule(() -> apply(() -> state.recheck(pending)), unresolvedGrace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("{} alias {} not rechecked: shutting down", task.id(), key);
            }
        }
    }

    private synchronized void apply(Runnable change) {
        change.run();
        published();
    }

    /** Under the lock, after any change: publishes the snapshot and wakes awaitProduction. */
    private void published() {
        current = state.current();
        noProductionAlias = state.noProductionAlias();
        notifyAll();
    }

    private void retire(String version, ServableModel model) {
        try {
            scheduler.schedule(() -> {
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
        scheduler.shutdownNow();
        synchronized (this) {
            state.closeAll();
        }
    }
}
