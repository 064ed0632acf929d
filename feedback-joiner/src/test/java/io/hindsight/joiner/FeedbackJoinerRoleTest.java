package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** What the role configures and how it fails, without a broker. */
class FeedbackJoinerRoleTest {
    @Test
    void runsExactlyOnceWithItsOwnApplicationId() {
        Properties p = FeedbackJoinerRole.streamsConfig("localhost:9092", JoinerConfig.defaults(Task.CALORIES), Path.of("state"));
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("hindsight-joiner-calories");
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(p.get(StreamsConfig.STATE_DIR_CONFIG).toString()).endsWith("state");
    }

    @Test
    void runsAsManyStreamThreadsAsConfigured() {
        JoinerConfig c = JoinerConfig.defaults(Task.CALORIES);
        assertThat(FeedbackJoinerRole.streamsConfig("localhost:9092", c, Path.of("state"))
                .get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(1);
        assertThat(FeedbackJoinerRole.streamsConfig("localhost:9092", c.withStreamThreads(3), Path.of("state"))
                .get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(3);
    }

    /** Nobody waits on a scored record between commits: the joiner fetches in batches, not after every transaction. */
    @Test
    void itsMainConsumerFetchesInBatches() {
        Properties p = FeedbackJoinerRole.streamsConfig("localhost:9092", JoinerConfig.defaults(Task.CALORIES), Path.of("state"));
        StreamsConfig config = new StreamsConfig(p);
        var consumer = config.getMainConsumerConfigs("g", "c", 0);
        assertThat(consumer.get(org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MIN_BYTES_CONFIG))
                .isEqualTo(io.hindsight.contracts.kafka.BatchedFetch.MIN_BYTES);
        assertThat(consumer.get(org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))
                .isEqualTo(io.hindsight.contracts.kafka.BatchedFetch.MAX_WAIT_MS);
        // the restore consumer is left alone: restoring reads as fast as it can
        assertThat(config.getRestoreConsumerConfigs("c").get(org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MIN_BYTES_CONFIG))
                .isNotEqualTo(io.hindsight.contracts.kafka.BatchedFetch.MIN_BYTES);
    }

    @Test
    void neverIdlesTasksWaitingForAnEmptyInput() {
        Properties p = FeedbackJoinerRole.streamsConfig("localhost:9092", JoinerConfig.defaults(Task.CALORIES), Path.of("state"));
        assertThat(p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    }

    @Test
    void aDyingStreamThreadShutsTheClientDownAndIsReported() {
        try (FeedbackJoinerRole role = new FeedbackJoinerRole("localhost:9092", JoinerConfig.defaults(Task.CALORIES),
                Path.of("state"), new SimpleMeterRegistry())) {
            assertThat(role.name()).isEqualTo("feedback-joiner-calories");
            assertThat(role.isReady()).isFalse();
            assertThat(role.failure()).isNull();
            IllegalStateException boom = new IllegalStateException("boom");
            assertThat(role.onUncaughtException(boom)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
            assertThat(role.failure()).isSameAs(boom);
        }
    }
}
