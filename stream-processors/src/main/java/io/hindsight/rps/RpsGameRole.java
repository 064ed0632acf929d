package io.hindsight.rps;

import io.hindsight.contracts.role.Role;
import io.hindsight.streams.StreamsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rps game processor: the Kafka Streams client of {@link RpsGameTopology} (exactly_once_v2, so a
 * game's state, its view and its round's feedback, example and request are written together or not at all)
 * and its meters. If the client dies it is not replaced in-process: {@link #failure()} reports it and the app
 * stops so its supervisor restarts it.
 */
public final class RpsGameRole implements Role {
    private static final Logger log = LoggerFactory.getLogger(RpsGameRole.class);

    private final String bootstrapServers;
    private final RpsGameConfig config;
    private final Path stateDir;
    private final MeterRegistry registry;
    private final StreamsClient client = new StreamsClient("rps-games");
    private RpsGameMeters meters;

    /** @param stateDir Kafka Streams state directory: the games store (RocksDB), restored from its changelog */
    public RpsGameRole(String bootstrapServers, RpsGameConfig config, Path stateDir, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.stateDir = stateDir;
        this.registry = registry;
    }

    /** The Streams configuration, apart from the topology: public so ops can see what runs. */
    public static Properties streamsConfig(String bootstrapServers, RpsGameConfig config, Path stateDir) {
        // both inputs are read as bytes and checked by the topology; the handler only guards the internal topics
        return StreamsClient.exactlyOnce(config.applicationId(), bootstrapServers, config.commitInterval(), stateDir);
    }

    @Override
    public String name() {
        return "rps-games";
    }

    @Override
    public synchronized void start() {
        meters = new RpsGameMeters(registry);
        client.start(RpsGameTopology.build(config, meters), streamsConfig(bootstrapServers, config, stateDir));
        log.info("{} started: application id {}, commit interval {}, {} partitions per re-key topic", name(),
                config.applicationId(), config.commitInterval(), config.partitions());
    }

    @Override
    public boolean isReady() {
        return client.isRunning();
    }

    @Override
    public Throwable failure() {
        return client.failure();
    }

    /** The role's meters; null before start. */
    public RpsGameMeters meters() {
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
