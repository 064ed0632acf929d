package io.hindsight.drift;

import io.hindsight.contracts.role.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the drift monitor of one task: starts and stops the Kafka Streams client of {@link DriftTopology}
 * (exactly_once_v2) and owns its meters. If the client dies it is not replaced in-process: {@link #failure()}
 * reports it and the app stops so its supervisor restarts it.
 */
public final class DriftRole implements Role {
    private static final Logger log = LoggerFactory.getLogger(DriftRole.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final DriftConfig config;
    private final Path stateDir;
    private final MeterRegistry registry;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private KafkaStreams streams;
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
    }

    /** The Streams configuration, apart from the topology: public so ops can see what runs. */
    public static Properties streamsConfig(String bootstrapServers, DriftConfig config, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        // Requests are read as bytes and validated by the topology; a prediction, model or alias record that
        // does not deserialize is logged with its offset and skipped, not fatal (any client can write them).
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return p;
    }

    @Override
    public String name() {
        return "drift-" + config.task().id();
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException(name() + " already started");
        }
        meters = new DriftMeters(registry, config.task());
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, config, meters);
        streams = new KafkaStreams(builder.build(), streamsConfig(bootstrapServers, config, stateDir));
        streams.setUncaughtExceptionHandler(this::onUncaughtException);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                failure.compareAndSet(null, new IllegalStateException(name() + ": Kafka Streams client is in ERROR"));
            }
        });
        streams.start();
        log.info("{} started: windows {} every {} (grace {}), min samples {}, application id {}", name(), config.windowSize(),
                config.windowAdvance(), config.grace(), config.minSamples(), config.applicationId());
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

    /** The role's meters (latest report per feature); null before start. */
    public DriftMeters meters() {
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
