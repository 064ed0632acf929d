package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** The join partition must be the one Kafka's producer picks for the repartition topic, else feedback is lost. */
class FeedbackPlacementTest {

    @Test
    void joinPartitionIsTheProducersPartitionForTheRequestIdKey() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            String id = i % 2 == 0 ? "req-" + random.nextLong() : randomText(random);
            int partitions = 1 + random.nextInt(12);
            assertThat(FeedbackPlacement.joinPartition(id, partitions)).as(id)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions));
        }
    }

    @Test
    void refusesNoPartitions() {
        assertThatThrownBy(() -> new FeedbackPlacement(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Any code points, non-ASCII included: the key is the id's UTF-8 bytes. */
    private static String randomText(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            int cp = random.nextInt(0x2FFFF);
            if (Character.isValidCodePoint(cp) && !Character.isSurrogate((char) cp)) {
                s.appendCodePoint(cp);
            }
        }
        return s.toString();
    }
}
