package io.hindsight.predictor;

import io.hindsight.contracts.role.Role;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.predictor.registry.ModelRegistryView;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;

/**
 * Serves one task's models on Kafka: a registry view that hot-swaps models as aliases move, and the
 * transactional consume-predict-produce loop on its own thread. Ready once a Production model is loaded
 * and the loop consumes; failed for good if the loop dies.
 */
public final class PredictorRole implements Role {
    private final PredictorConfig config;
    private final ModelRegistryView registry;
    private final PredictorConsumer consumer;
    private final Thread thread;

    public PredictorRole(PredictorConfig config, MeterRegistry meters) {
        this(config, meters, PredictorClients::kafkaProducer);
    }

    /** For tests that inject producer faults. */
    PredictorRole(PredictorConfig config, MeterRegistry meters, Function<Properties, Producer<byte[], byte[]>> producers) {
        this.config = config;
        this.registry = new ModelRegistryView(config.task(), config.bootstrapServers(), meters);
        this.consumer = new PredictorConsumer(config, registry,
                new PredictorMetrics(meters, config.task().id(), Topics.of(config.task()).requests().name()), producers);
        this.thread = new Thread(consumer, "predictor-" + config.task().id());
        this.thread.setDaemon(true);
    }

    @Override
    public String name() {
        return "predictor-" + config.task().id();
    }

    @Override
    public void start() {
        registry.start();
        thread.start();
    }

    @Override
    public boolean isReady() {
        return consumer.isReady();
    }

    @Override
    public Throwable failure() {
        return consumer.failure();
    }

    @Override
    public void close() {
        consumer.stop();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.close();
    }
}
