package io.hindsight.joiner;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.joiner.MalformedRecords.Malformed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 8 for the joiner: 10,000 generated malformed records on each input ({@code <task>.feedback} and
 * {@code <task>.predictions}, every task), plus a few past the 1 MiB a dead letter may have, through the
 * real topology: nothing throws, every one lands on its {@code .dlq} exactly once with a reason,
 * hindsight_dlq_total (fed by the same code as the live meters) grows by exactly that many, nothing
 * malformed is joined, scored or orphaned, and a valid prediction and its feedback sent after the junk are
 * still scored correctly.
 */
class JoinerFuzzTest {
    static final int RECORDS = 10_000;
    static final int[] OVERSIZED = {1_040_000, 2_500_000};
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @EnumSource(Task.class)
    void everyMalformedInputIsDeadLetteredWithAReasonAndCountedAndValidOnesAreStillScored(Task task) {
        JoinerConfig config = JoinerConfig.defaults(task);
        TaskTopics topics = Topics.of(task);
        StreamsBuilder builder = new StreamsBuilder();
        FeedbackJoinTopology.build(builder, config);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "joiner-fuzz-" + task.id());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JoinerMeters meters = new JoinerMeters(registry, config, topics.feedback().name());
        MetricsDispatch dispatch = new MetricsDispatch(config, meters);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(T0))) {
            TestInputTopic<byte[], byte[]> predictions = driver.createInputTopic(topics.predictions().name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> feedback = driver.createInputTopic(topics.feedback().name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> predictionsDlq = driver.createOutputTopic(topics.predictions().dlq().name(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> feedbackDlq = driver.createOutputTopic(topics.feedback().dlq().name(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, ScoredRecord> scored = driver.createOutputTopic(topics.scored().name(),
                    topics.scored().keySerde().deserializer(), topics.scored().valueSerde().deserializer());
            TestOutputTopic<byte[], byte[]> orphans = driver.createOutputTopic(topics.orphans().name(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());

            Map<MalformedRecords.Kind, Integer> predictionKinds = send(predictions,
                    MalformedRecords.predictions(task, 70_000L + task.ordinal()));
            Map<MalformedRecords.Kind, Integer> feedbackKinds = send(feedback,
                    MalformedRecords.feedback(task, 80_000L + task.ordinal()));
            int expected = RECORDS + OVERSIZED.length;

            List<TestRecord<byte[], byte[]>> deadPredictions = predictionsDlq.readRecordsToList();
            List<TestRecord<byte[], byte[]>> deadFeedback = feedbackDlq.readRecordsToList();
            assertDeadLetters(deadPredictions, topics.predictions().name(), expected);
            assertDeadLetters(deadFeedback, topics.feedback().name(), expected);
            assertThat(scored.readRecordsToList()).as("nothing malformed is scored").isEmpty();
            driver.advanceWallClockTime(config.horizon().plus(config.horizon()).plusMinutes(1)); // anything held would expire now
            assertThat(orphans.readRecordsToList()).as("nothing malformed is held, joined or orphaned").isEmpty();

            deadPredictions.forEach(r -> dispatch.dispatch(consumerRecord(topics.predictions().dlq().name(), r)));
            deadFeedback.forEach(r -> dispatch.dispatch(consumerRecord(topics.feedback().dlq().name(), r)));
            assertThat(dlqCount(registry, topics.predictions().name())).isEqualTo(expected);
            assertThat(dlqCount(registry, topics.feedback().name())).isEqualTo(expected);

            // valid records after the junk: joined and scored as usual
            long now = T0 + config.horizon().multipliedBy(2).toMillis() + 60_000;
            MalformedRecords.Valid p = MalformedRecords.predictions(task, 1L).valid("after-junk");
            JsonNode prediction = Json.tree(p.value());
            ((tools.jackson.databind.node.ObjectNode) prediction).put("predictedTs", now).put("requestTs", now - 3);
            predictions.pipeInput(p.id().getBytes(StandardCharsets.UTF_8), Json.MAPPER.writeValueAsBytes(prediction), now);
            String truth = feedbackFor(task, p.id(), now + 1_000);
            feedback.pipeInput(null, truth.getBytes(StandardCharsets.UTF_8), now + 1_000);
            List<ScoredRecord> out = scored.readValuesToList();
            assertThat(out).hasSize(2).allSatisfy(s -> {
                assertThat(s.requestId()).isEqualTo(p.id());
                assertThat(s.feedbackTs()).isEqualTo(now + 1_000);
            });
            assertThat(out.get(0).served()).isTrue();
            assertThat(out.get(0).predicted()).isEqualTo(prediction.get("served").get("value").asDouble());
            assertThat(out.get(0).truth()).isEqualTo(task == Task.CALORIES ? 123.4 : 1.0);
            assertThat(predictionsDlq.readRecordsToList()).isEmpty();
            assertThat(feedbackDlq.readRecordsToList()).isEmpty();

            System.out.printf("%s joiner fuzz: %d malformed predictions and %d malformed feedback sent, %d + %d dead-lettered "
                            + "with a reason, hindsight_dlq_total predictions %s feedback %s, 0 joined; valid pair after them "
                            + "scored; kinds predictions %s feedback %s%n",
                    task.id(), expected, expected, deadPredictions.size(), deadFeedback.size(),
                    dlqCount(registry, topics.predictions().name()), dlqCount(registry, topics.feedback().name()),
                    predictionKinds, feedbackKinds);
        }
    }

    private static Map<MalformedRecords.Kind, Integer> send(TestInputTopic<byte[], byte[]> topic, MalformedRecords generator) {
        Map<MalformedRecords.Kind, Integer> kinds = new EnumMap<>(MalformedRecords.Kind.class);
        List<Malformed> junk = new ArrayList<>(generator.next(RECORDS));
        for (int size : OVERSIZED) {
            junk.add(generator.oversized(size));
        }
        long ts = T0;
        for (Malformed m : junk) {
            topic.pipeInput(m.key(), m.value(), ts++);
            kinds.merge(m.kind(), 1, Integer::sum);
        }
        return kinds;
    }

    private static void assertDeadLetters(List<TestRecord<byte[], byte[]>> dead, String source, int expected) {
        assertThat(dead).as("dead letters of %s", source).hasSize(expected);
        Set<String> offsets = new HashSet<>();
        int truncated = 0;
        for (TestRecord<byte[], byte[]> r : dead) {
            assertThat(DlqHeaders.reason(r.headers())).as("reason").isNotBlank().hasSizeLessThanOrEqualTo(1_000);
            assertThat(header(r, DlqHeaders.STAGE)).isEqualTo("joiner");
            assertThat(header(r, DlqHeaders.SOURCE_TOPIC)).isEqualTo(source);
            offsets.add(header(r, DlqHeaders.SOURCE_OFFSET));
            int size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            assertThat(size).as("fits a producer request").isLessThan(ValidateRecordProcessor.MAX_RECORD_BYTES);
            if (r.headers().lastHeader(ValidateRecordProcessor.TRUNCATED) != null) {
                truncated++;
            }
        }
        assertThat(offsets).as("one dead letter per record").hasSize(expected);
        assertThat(truncated).as("the records past 1 MiB, cut to fit").isEqualTo(OVERSIZED.length);
    }

    private static String feedbackFor(Task task, String id, long eventMs) {
        double ts = eventMs / 1000.0;
        return switch (task) {
            case CALORIES -> "{\"id\":\"" + id + "\",\"Calories\":123.4,\"ts\":" + ts + "}";
            case DIGITS -> "{\"id\":\"" + id + "\",\"label\":1,\"ts\":" + ts + "}";
            case RPS -> "{\"id\":\"" + id + "\",\"move\":\"paper\",\"ts\":" + ts + "}";
        };
    }

    private static ConsumerRecord<byte[], byte[]> consumerRecord(String topic, TestRecord<byte[], byte[]> r) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            headers.add(h);
        }
        return new ConsumerRecord<>(topic, 0, 0L, r.timestamp(), TimestampType.CREATE_TIME, -1, -1, r.key(), r.value(),
                headers, Optional.empty());
    }

    private static double dlqCount(SimpleMeterRegistry registry, String sourceTopic) {
        return registry.get("hindsight.dlq").tags("topic", sourceTopic, "stage", "joiner").counter().count();
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
