package io.hindsight.predictor;

import io.hindsight.contracts.role.Role;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.predictor.dedupe.SeenRequests;
import io.hindsight.predictor.registry.ModelRegistryView;
import io.hindsight.predictor.task.TaskServing;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;

/**
 * Serves one task's models on Kafka: a registry view that hot-swaps models as aliases move, and the
 * transactional consume-predict-produce loop on its own thread. Ready once a Production model is loaded
 * and the loop consumes (rps: once the loop consumes, models or not); failed for good if the loop dies.
 */
public final class PredictorRole implements Role {
    private final PredictorConfig config;
    private final ModelRegistryView registry;
    private final List<PredictorConsumer> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public PredictorRole(PredictorConfig config, MeterRegistry meters) {
        this(config, meters, PredictorClients::kafkaProducer);
    }

    /** For tests that inject producer faults. */
    PredictorRole(PredictorConfig config, MeterRegistry meters, Function<Properties, Producer<byte[], byte[]>> producers) {
        this(config, meters, producers, ModelRegistryView.DEFAULT_UNRESOLVED_GRACE);
    }

    /** For tests: {@code unresolvedGrace} is how long an alias may point nowhere before it is counted as refused. */
    PredictorRole(PredictorConfig config, MeterRegistry meters, Function<Properties, Producer<byte[], byte[]>> producers,
                  Duration unresolvedGrace) {
        this.config = config;
        this.registry = new ModelRegistryView(TaskServing.of(config.task()), 1, config.bootstrapServers(), meters, unresolvedGrace);
        PredictorMetrics metrics = new PredictorMetrics(meters, config.task().id(), Topics.of(config.task()).requests().name());
        SeenRequests seen = new SeenRequests(config.dedupeHorizon());
        for (int i = 0; i < config.workers(); i++) {
            PredictorConsumer worker = new PredictorConsumer(config.forWorker(i), registry, metrics, seen, producers);
            Thread t = new Thread(worker, "predictor-" + config.task().id() + "-" + i);
            t.setDaemon(true);
            workers.add(worker);
            threads.add(t);
        }
    }

    @Override
    public String name() {
        return "predictor-" + config.task().id();
    }

    @Override
    public void start() {
        registry.start();
        threads.forEach(Thread::start);
    }

    @Override
    public boolean isReady() {
        return workers.stream().allMatch(PredictorConsumer::isReady);
    }

    /**
     * Every worker consumes with a Production model loaded, or for rps simply consumes (isReady is also true
     * while no model exists yet).
     */
    public boolean isServing() {
        return workers.stream().allMatch(PredictorConsumer::isServing);
    }

    /** Refused registry records, by topic and reason. */
    public io.hindsight.predictor.registry.RegistryRejections registryRejections() {
        return registry.rejections();
    }

    @Override
    public Throwable failure() {
        return workers.stream().map(PredictorConsumer::failure).filter(f -> f != null).findFirst().orElse(null);
    }

    @Override
    public void close() {
        workers.forEach(PredictorConsumer::stop);
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        registry.close();
    }
}
