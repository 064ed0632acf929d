package io.hindsight.joiner;

import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.rps.BotSource;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one committed record of the joiner's output (or its predictions input, for fallbacks) into meter
 * updates; {@link JoinerMetricsReader} feeds it from Kafka, tests feed it what a TopologyTestDriver wrote.
 * A record it cannot parse is logged and skipped: monitoring must not stop on one bad record.
 */
final class MetricsDispatch {
    private static final Logger log = LoggerFactory.getLogger(MetricsDispatch.class);

    private final JoinerConfig config;
    private final TaskTopics topics;
    private final JoinerMeters meters;

    MetricsDispatch(JoinerConfig config, JoinerMeters meters) {
        this.config = config;
        this.topics = Topics.of(config.task());
        this.meters = meters;
    }

    void dispatch(ConsumerRecord<byte[], byte[]> r) {
        try {
            String topic = r.topic();
            if (topic.equals(topics.scored().name())) {
                meters.scored(topics.scored().valueSerde().deserializer().deserialize(topic, r.value()));
            } else if (topic.equals(topics.orphans().name())) {
                meters.orphan(topics.orphans().valueSerde().deserializer().deserialize(topic, r.value()));
            } else if (topic.equals(topics.predictions().name())) {
                fallbacks(r);
            } else if (topic.equals(topics.feedback().dlq().name()) || topic.equals(topics.predictions().dlq().name())) {
                deadLetter(r, topic);
            } else if (topic.equals(Topics.METRICS_ROLLING.name())) {
                RollingMetrics m = Topics.METRICS_ROLLING.valueSerde().deserializer().deserialize(topic, r.value());
                if (m != null && config.task().id().equals(m.task())) {
                    meters.rolling(m);
                }
            }
        } catch (RuntimeException e) {
            log.warn("skipped unreadable record {}-{}@{} for metrics: {}", r.topic(), r.partition(), r.offset(), e.toString());
        }
    }

    /**
     * Fallback outputs never reach the scored topic, so they are counted where they are committed. Most
     * predictions name no fallback: a byte scan spares deserializing them.
     */
    private void fallbacks(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null || !contains(r.value(), FALLBACK_BYTES)) {
            return;
        }
        PredictionRecord p = topics.predictions().valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (p == null || p.replay() || p.draft()) {
            return; // the joiner drops these before scoring: they are no output of their own
        }
        if (RpsScoring.isFallback(p.served())) {
            meters.fallback(p.served().alias());
        }
        for (ModelOutput shadow : p.shadows()) {
            if (RpsScoring.isFallback(shadow)) {
                meters.fallback(shadow.alias());
            }
        }
    }

    private static final byte[] FALLBACK_BYTES = BotSource.FALLBACK.getBytes(StandardCharsets.UTF_8);

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Other stages may share a DLQ topic: count only what this stage sent, by the topic it came from. */
    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String dlqTopic) {
        if (FeedbackJoinTopology.STAGE.equals(header(r, DlqHeaders.STAGE))) {
            String source = header(r, DlqHeaders.SOURCE_TOPIC);
            meters.deadLetter(source == null ? dlqTopic.substring(0, dlqTopic.length() - ".dlq".length()) : source);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

}
