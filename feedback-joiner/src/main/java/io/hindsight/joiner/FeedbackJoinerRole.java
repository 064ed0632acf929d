package io.hindsight.joiner;

import io.hindsight.contracts.kafka.BatchedFetch;
import io.hindsight.contracts.role.Role;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the feedback joiner of one task: starts and stops the Kafka Streams client of
 * {@link FeedbackJoinTopology} (exactly_once_v2) and the read_committed reader behind its Prometheus meters.
 * If the Streams client dies it is not replaced in-process: {@link #failure()} reports it and the app stops
 * so its supervisor restarts it.
 */
public final class FeedbackJoinerRole implements Role {
    private static final Logger log = LoggerFactory.getLogger(FeedbackJoinerRole.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final JoinerConfig config;
    private final Path stateDir;
    private final MeterRegistry registry;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private KafkaStreams streams;
    private JoinerMeters meters;
    private JoinerMetricsReader reader;

    public FeedbackJoinerRole(String bootstrapServers, JoinerConfig config, Path stateDir, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.stateDir = stateDir;
        this.registry = registry;
    }

    /** The Streams configuration, apart from the topology: kept public so ops can see what runs. */
    public static Properties streamsConfig(String bootstrapServers, JoinerConfig config, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        // Feedback and predictions are read as bytes and validated (bad -> <topic>.dlq with a reason, counted), so
        // only an internal topic could fail to deserialize: logged with its offset and skipped rather than
        // stopping every task's scoring, and kept on <task>.predictions.dlq with Kafka Streams' error headers
        // (KIP-1034).
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.of(config.task()).predictions().dlq().name());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Nine records go out per request (scored, changelogs, repartitions). With 16 KB batches every few
        // records opened a new batch, and each new batch wakes the producer's I/O thread: 7% of the stream
        // thread under load. Larger batches fill within Streams' linger (100 ms) or the commit's flush.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        // The join task reads predictions, feedback and the feedback repartition topic, usually one of them
        // empty; with idling on, every record first checked each empty partition's fetched lag (allocating as
        // it went). Nothing here depends on that order across inputs: feedback before its prediction is held,
        // and the rolling windows' task reads a single partition.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Scored records become visible at each commit (1 s in the app): fetching after every one of the
        // predictor's transactions only cost broker work (BatchedFetch).
        BatchedFetch.apply(p, StreamsConfig.mainConsumerPrefix(""));
        return p;
    }

    @Override
    public String name() {
        return "feedback-joiner-" + config.task().id();
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException(name() + " already started");
        }
        verifyCoPartitioned();
        meters = new JoinerMeters(registry, config, Topics.of(config.task()).feedback().name());
        reader = new JoinerMetricsReader(bootstrapServers, config, meters).start();
        StreamsBuilder builder = new StreamsBuilder();
        FeedbackJoinTopology.build(builder, config);
        streams = new KafkaStreams(builder.build(), streamsConfig(bootstrapServers, config, stateDir));
        streams.setUncaughtExceptionHandler(this::onUncaughtException);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                failure.compareAndSet(null, new IllegalStateException(name() + ": Kafka Streams client is in ERROR"));
            }
        });
        streams.start();
        log.info("{} started: horizon {}, windows {} every {}, application id {}", name(), config.horizon(),
                config.windowSize(), config.windowAdvance(), config.applicationId());
    }

    /** A dying stream thread takes the client down and is recorded; the app restarts the process. */
    StreamThreadExceptionResponse onUncaughtException(Throwable e) {
        failure.compareAndSet(null, e);
        log.error("{} failed; shutting down its Kafka Streams client", name(), e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /**
     * The join needs a prediction and its feedback on the same partition number. Feedback is repartitioned to
     * the catalog's partition count of the predictions topic; a topic created with another count would join
     * nothing, silently, so refuse to start.
     */
    private void verifyCoPartitioned() {
        Topic<?, ?> predictions = Topics.of(config.task()).predictions();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-check");
        try (Admin admin = Admin.create(p)) {
            TopicDescription d = admin.describeTopics(List.of(predictions.name())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(predictions.name());
            if (d.partitions().size() != predictions.partitions()) {
                throw new IllegalStateException(predictions.name() + " has " + d.partitions().size()
                        + " partitions but the catalog says " + predictions.partitions()
                        + ": feedback would be repartitioned to the wrong partitions");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + predictions.name() + " on " + bootstrapServers
                    + " (are the topics provisioned?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + predictions.name(), e);
        }
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

    /** Read-only view of the gauges' current windows, for tests; null before start. */
    RollingGauges gauges() {
        return meters == null ? null : meters.gauges();
    }

    @Override
    public synchronized void close() {
        if (streams != null) {
            // Leave the group: Streams stays a member by default, and a restarted joiner would then wait out the
            // session timeout (45 s) before getting its partitions back.
            if (!streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                    org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT))) {
                log.warn("{}: Kafka Streams did not stop within {}", name(), CLOSE_TIMEOUT);
            }
        }
        if (reader != null) {
            reader.close();
        }
        if (meters != null) {
            meters.close();
        }
        log.info("{} stopped", name());
    }
}
