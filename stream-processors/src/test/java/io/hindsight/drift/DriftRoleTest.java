package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.BatchedFetch;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What the drift role configures, without a broker. */
class DriftRoleTest {
    /** Reports come once per window: fetching after every one of the predictor's transactions was broker work for nothing. */
    @Test
    void runsExactlyOnceAndItsMainConsumerFetchesInBatches() {
        StreamsConfig config = new StreamsConfig(DriftRole.streamsConfig("localhost:9092", DriftConfig.defaults(Task.CALORIES),
                Path.of("state")));
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        var consumer = config.getMainConsumerConfigs("g", "c", 0);
        assertThat(consumer.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)).isEqualTo(BatchedFetch.MIN_BYTES);
        assertThat(consumer.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo(BatchedFetch.MAX_WAIT_MS);
    }
}
