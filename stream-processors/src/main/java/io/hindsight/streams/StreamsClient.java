package io.hindsight.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one Kafka Streams client for a role of this module (drift monitors, the rps game processor):
 * started once, never replaced in-process. An uncaught error or the ERROR state is kept as {@link #failure()}
 * and the client shuts down, so the app stops and its supervisor restarts it.
 */
public final class StreamsClient {
    private static final Logger log = LoggerFactory.getLogger(StreamsClient.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private KafkaStreams streams;

    public StreamsClient(String name) {
        this.name = name;
    }

    /**
     * exactly_once_v2 with the given commit interval. Inputs any client may write are read as bytes and checked
     * by the topologies; a record of another topic that does not deserialize is logged with its offset and
     * skipped, not fatal.
     */
    public static Properties exactlyOnce(String applicationId, String bootstrapServers, Duration commitInterval, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Several records go out per input (repartitions, changelogs); 16 KB batches made the producer wake its
        // I/O thread every few records (measured on the feedback joiner: 7% of the stream thread). Batches still
        // leave at Streams' linger (100 ms) or at the commit's flush, whichever is first.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        return p;
    }

    public synchronized void start(Topology topology, Properties config) {
        if (streams != null) {
            throw new IllegalStateException(name + " already started");
        }
        streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(this::onUncaughtException);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                failure.compareAndSet(null, new IllegalStateException(name + ": Kafka Streams client is in ERROR"));
            }
        });
        streams.start();
    }

    StreamThreadExceptionResponse onUncaughtException(Throwable e) {
        failure.compareAndSet(null, e);
        log.error("{} failed; shutting down its Kafka Streams client", name, e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    public boolean isRunning() {
        KafkaStreams s = streams;
        return s != null && failure.get() == null && s.state() == KafkaStreams.State.RUNNING;
    }

    public Throwable failure() {
        return failure.get();
    }

    /** Leaves the group, so the partitions move to another instance at once. */
    public synchronized void close() {
        if (streams != null && !streams.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT))) {
            log.warn("{}: Kafka Streams did not stop within {}", name, CLOSE_TIMEOUT);
        }
    }
}
