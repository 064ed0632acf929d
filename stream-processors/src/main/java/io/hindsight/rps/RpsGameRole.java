package io.hindsight.rps;

import io.hindsight.contracts.role.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rps game processor: starts and stops the Kafka Streams client of {@link RpsGameTopology}
 * (exactly_once_v2, so a game's state, its view and its round's feedback, example and request are written
 * together or not at all) and owns its meters. If the client dies it is not replaced in-process:
 * {@link #failure()} reports it and the app stops so its supervisor restarts it.
 */
public final class RpsGameRole implements Role {
    private static final Logger log = LoggerFactory.getLogger(RpsGameRole.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final RpsGameConfig config;
    private final Path stateDir;
    private final MeterRegistry registry;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private KafkaStreams streams;
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
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        // Both inputs are read as bytes and checked by the topology; this only guards the internal topics.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return p;
    }

    @Override
    public String name() {
        return "rps-games";
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException(name() + " already started");
        }
        meters = new RpsGameMeters(registry);
        streams = new KafkaStreams(RpsGameTopology.build(config, meters), streamsConfig(bootstrapServers, config, stateDir));
        streams.setUncaughtExceptionHandler(this::onUncaughtException);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                failure.compareAndSet(null, new IllegalStateException(name() + ": Kafka Streams client is in ERROR"));
            }
        });
        streams.start();
        log.info("{} started: application id {}, commit interval {}, {} partitions per re-key topic", name(),
                config.applicationId(), config.commitInterval(), config.partitions());
    }

    StreamThreadExceptionResponse onUncaughtException(Throwable e) {
        failure.compareAndSet(null, e);
        log.error("{} failed; shutting down its Kafka Streams client", name(), e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    @Override
    public boolean isReady() {
        KafkaStreams s = streams;
        return s != null && failure.get() == null && s.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public Throwable failure() {
        return failure.get();
    }

    /** The role's meters; null before start. */
    public RpsGameMeters meters() {
        return meters;
    }

    @Override
    public synchronized void close() {
        if (streams != null) {
            if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT))) {
                log.warn("{}: Kafka Streams did not stop within {}", name(), CLOSE_TIMEOUT);
            }
        }
        if (meters != null) {
            meters.close();
        }
        log.info("{} stopped", name());
    }
}
