package io.hindsight.drift;

import io.hindsight.contracts.kafka.BatchedFetch;
import io.hindsight.contracts.role.Role;
import io.hindsight.streams.StreamsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the drift monitor of one task: starts and stops the Kafka Streams client of {@link DriftTopology}
 * (exactly_once_v2) and owns its meters. If the client dies it is not replaced in-process: {@link #failure()}
 * reports it and the app stops so its supervisor restarts it.
 */
public final class DriftRole implements Role {
    private static final Logger log = LoggerFactory.getLogger(DriftRole.class);

    private final String bootstrapServers;
    private final DriftConfig config;
    private final Path stateDir;
    private final MeterRegistry registry;
    private final StreamsClient client;
    private DriftMeters meters;

    /**
     * @param stateDir Kafka Streams state directory (window stores, suppression buffers); the global registry
     *                 stores are in memory and re-read from the compacted topics on start
     */
    public DriftRole(String bootstrapServers, DriftConfig config, Path stateDir, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.stateDir = stateDir;
        this.registry = registry;
        this.client = new StreamsClient("drift-" + config.task().id());
    }

    /** The Streams configuration, apart from the topology: public so ops can see what runs. */
    public static Properties streamsConfig(String bootstrapServers, DriftConfig config, Path stateDir) {
        // every input is read as bytes and checked by the topology: a record that breaks its contract is counted
        // (hindsight.drift.requests.skipped, hindsight.drift.records.skipped), not fatal (any client can write them)
        // nobody waits on drift reports record by record: its fetches wait for a batch (BatchedFetch)
        return BatchedFetch.apply(StreamsClient.exactlyOnce(config.applicationId(), bootstrapServers, config.commitInterval(),
                stateDir), StreamsConfig.mainConsumerPrefix(""));
    }

    @Override
    public String name() {
        return "drift-" + config.task().id();
    }

    @Override
    public synchronized void start() {
        meters = new DriftMeters(registry, config.task());
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, config, meters);
        client.start(builder.build(), streamsConfig(bootstrapServers, config, stateDir));
        log.info("{} started: windows {} every {} (grace {}), min samples {}, application id {}", name(), config.windowSize(),
                config.windowAdvance(), config.grace(), config.minSamples(), config.applicationId());
    }

    @Override
    public boolean isReady() {
        return client.isRunning();
    }

    @Override
    public Throwable failure() {
        return client.failure();
    }

    /** The role's meters (latest report per feature); null before start. */
    public DriftMeters meters() {
        return meters;
    }

    @Override
    public synchronized void close() {
        client.close();
        if (meters != null) {
            meters.close();
        }
        log.info("{} stopped", name());
    }
}
