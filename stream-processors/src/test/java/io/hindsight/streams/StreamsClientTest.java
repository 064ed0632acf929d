package io.hindsight.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamsClientTest {

    @Test
    void anUncaughtErrorIsKeptAndShutsTheClientDown() {
        StreamsClient c = new StreamsClient("t");
        IllegalStateException boom = new IllegalStateException("boom");

        assertThat(c.onUncaughtException(boom)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(c.onUncaughtException(new RuntimeException("later"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);

        assertThat(c.failure()).isSameAs(boom); // the first cause, not a later symptom
        assertThat(c.isRunning()).isFalse();
        c.close(); // never started: nothing to close, no error
    }

    @Test
    void everyRoleOfTheModuleRunsExactlyOnceWithItsOwnStateDir() {
        Properties p = StreamsClient.exactlyOnce("app-1", "k:9092", Duration.ofMillis(50), Path.of("/data/streams"));

        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(50L);
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("app-1");
        assertThat(p.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo(Path.of("/data/streams").toAbsolutePath().toString());
    }
}
