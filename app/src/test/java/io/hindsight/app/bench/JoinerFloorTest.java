package io.hindsight.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The floor must do the joiner's amount of work: one output per model output once both sides are in, never twice. */
class JoinerFloorTest {
    private static final TaskTopics T = Topics.calories();
    private static final String PREDICTION = "{\"requestId\":\"a\",\"served\":{\"value\":1.0}}";

    @Test
    void emitsEachOutputOnceWhicheverSideComesFirst() {
        try (TopologyTestDriver driver = new TopologyTestDriver(JoinerFloor.topology(T, 2, false, 3_600_000), props())) {
            TestInputTopic<String, String> predictions = driver.createInputTopic(T.predictions().name(), new StringSerializer(), new StringSerializer());
            TestInputTopic<String, String> feedback = driver.createInputTopic(T.feedback().name(), new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> scored = driver.createOutputTopic(T.scored().name(), new StringDeserializer(), new StringDeserializer());

            predictions.pipeInput("a", PREDICTION, 1_000);
            assertThat(scored.isEmpty()).isTrue();
            feedback.pipeInput("a", "{\"id\":\"a\",\"Calories\":1}", 2_000);
            feedback.pipeInput("b", "{\"id\":\"b\",\"Calories\":1}", 2_000);
            predictions.pipeInput("b", PREDICTION.replace("\"a\"", "\"b\""), 3_000);
            feedback.pipeInput("a", "{\"id\":\"a\",\"Calories\":1}", 4_000); // a duplicate: nothing more

            List<TestRecord<String, String>> out = scored.readRecordsToList();
            assertThat(out).extracting(TestRecord::key).containsExactly("a", "a", "b", "b");
            assertThat(out.get(0).value()).isEqualTo(PREDICTION.substring(0, PREDICTION.length() - 1) + ",\"served\":true}");
            assertThat(out.get(1).value()).endsWith(",\"served\":false}");
            // the entry store and the expiry index each took a write per side, as the joiner's do
            assertThat(driver.getKeyValueStore("floor-entries").approximateNumEntries()).isEqualTo(2);
            assertThat(new String(indexKeys(driver).get(0), StandardCharsets.UTF_8)).isEqualTo("3601000/a");
        }
    }

    private static List<byte[]> indexKeys(TopologyTestDriver driver) {
        List<byte[]> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = driver.<Bytes, byte[]>getKeyValueStore("floor-index").all()) {
            it.forEachRemaining(kv -> keys.add(kv.key.get()));
        }
        return keys;
    }

    private static Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "floor-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return p;
    }
}
