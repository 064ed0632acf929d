package io.hindsight.joiner;

import static io.hindsight.joiner.JoinerFixtures.SERVED_ALIAS;
import static io.hindsight.joiner.JoinerFixtures.SHADOW_ALIAS;
import static io.hindsight.joiner.JoinerFixtures.digitsDraft;
import static io.hindsight.joiner.JoinerFixtures.digitsFeedback;
import static io.hindsight.joiner.JoinerFixtures.digitsPrediction;
import static io.hindsight.joiner.JoinerFixtures.feedback;
import static io.hindsight.joiner.JoinerFixtures.prediction;
import static io.hindsight.joiner.JoinerFixtures.sle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.prediction.Orphan;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.topics.TaskTopics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The role on a real (embedded KRaft) broker: exactly-once output read as read_committed, and its meters, for calories and digits. */
class FeedbackJoinerRoleIT {
    static final TaskTopics TOPICS = Topics.calories();
    static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void scoresOnceAndPublishesMetrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (FeedbackJoinerRole role = new FeedbackJoinerRole(kafka.bootstrapServers(), JoinerConfig.defaults(Task.CALORIES),
                stateDir, registry)) {
            role.start();
            await().atMost(Duration.ofSeconds(60)).until(role::isReady);

            long now = System.currentTimeMillis();
            PredictionRecord one = prediction("it-1", 100, 120, now);
            sendPredictions(TOPICS, List.of(one, prediction("it-2", 50, 55, now), one.asReplay()), now);
            sendFeedback(TOPICS, List.of(
                    feedback("it-1", 80, now + 1000),
                    feedback("it-2", 60, now + 1000),
                    feedback("it-1", 81, now + 2000),   // duplicate
                    "{nope"), now + 2000);               // to the DLQ
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer())) {
                p.send(new ProducerRecord<>(TOPICS.predictions().name(), "junk-1", "{\"requestId\":".getBytes(StandardCharsets.UTF_8)));
                p.flush(); // an unreadable prediction: to calories.predictions.dlq, counted under its source topic
            }

            List<ScoredRecord> scored = new ArrayList<>();
            List<Orphan> orphans = new ArrayList<>();
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = readCommitted(TOPICS)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.topic().equals(TOPICS.scored().name())) {
                            scored.add(Json.read(r.value(), ScoredRecord.class));
                        } else if (r.topic().equals(TOPICS.orphans().name())) {
                            orphans.add(Json.read(r.value(), Orphan.class));
                        } else {
                            dead.add(r);
                        }
                    }
                    assertThat(scored).hasSize(4);
                    assertThat(orphans).hasSize(1);
                    assertThat(dead).hasSize(1);
                });
            }
            assertThat(scored).extracting(s -> s.requestId() + "/" + s.alias()).containsExactlyInAnyOrder(
                    "it-1/" + SERVED_ALIAS, "it-1/" + SHADOW_ALIAS, "it-2/" + SERVED_ALIAS, "it-2/" + SHADOW_ALIAS);
            assertThat(orphans.get(0).reason()).isEqualTo(Orphan.DUPLICATE);
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{nope");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(registry.get("hindsight.scored").tags("task", "calories", "alias", SERVED_ALIAS).counter().count()).isEqualTo(2.0);
                assertThat(registry.get("hindsight.scored").tags("alias", SHADOW_ALIAS).counter().count()).isEqualTo(2.0);
                assertThat(registry.get("hindsight.orphans").tags("reason", Orphan.DUPLICATE).counter().count()).isEqualTo(1.0);
                assertThat(registry.get("hindsight.dlq").tags("topic", "calories.feedback", "stage", "joiner").counter().count()).isEqualTo(1.0);
                assertThat(registry.get("hindsight.dlq").tags("topic", "calories.predictions", "stage", "joiner").counter().count()).isEqualTo(1.0);
                assertThat(servedGauge(registry, "hindsight.rolling.matched")).isEqualTo(2.0);
            });
            assertThat(servedGauge(registry, "hindsight.rolling.expired")).isZero();
            assertThat(servedGauge(registry, "hindsight.rolling.coverage")).isEqualTo(1.0);
            assertThat(servedGauge(registry, "hindsight.rolling.mae")).isEqualTo(15.0);
            assertThat(servedGauge(registry, "hindsight.rolling.rmsle")).isCloseTo(Math.sqrt((sle(100, 80) + sle(50, 60)) / 2), within(1e-9));
            assertThat(registry.get("hindsight.feedback.lag").tags("version", "v1", "alias", SERVED_ALIAS).summary().count()).isEqualTo(2);

            String scrape = registry.scrape();
            assertThat(scrape).contains("hindsight_scored_total{alias=\"Production\",family=\"xgboost\",task=\"calories\",version=\"v1\"} 2.0",
                    "hindsight_orphans_total{reason=\"duplicate\",task=\"calories\"} 1.0",
                    "hindsight_dlq_total{stage=\"joiner\",topic=\"calories.feedback\"} 1.0",
                    "hindsight_dlq_total{stage=\"joiner\",topic=\"calories.predictions\"} 1.0",
                    "hindsight_rolling_rmsle{", "hindsight_rolling_coverage{", "hindsight_rolling_matched{",
                    "hindsight_rolling_expired{", "hindsight_rolling_mae{",
                    "hindsight_feedback_lag_seconds_bucket{", "hindsight_predicted_value_bucket{");
            assertThat(role.failure()).isNull();
        }
        assertThat(registry.find("hindsight.rolling.rmsle").gauges()).as("gauges removed on close").isEmpty();

        // restarted, with no new traffic: the gauges show the last window at once, read back from metrics.rolling
        PrometheusMeterRegistry restarted = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (FeedbackJoinerRole role = new FeedbackJoinerRole(kafka.bootstrapServers(), JoinerConfig.defaults(Task.CALORIES),
                stateDir, restarted)) {
            role.start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> // no gauge until the first window is read
                    assertThat(servedGauge(restarted, "hindsight.rolling.matched")).isEqualTo(2.0));
            assertThat(servedGauge(restarted, "hindsight.rolling.mae")).isEqualTo(15.0);
            assertThat(restarted.find("hindsight.scored").counters()).as("counters count what this instance sees from its start")
                    .allSatisfy(c -> assertThat(c.count()).isZero());
        }
    }

    /** Digits: a classifier's scored records, accuracy gauge and confusion counter; drafts never scored. */
    @Test
    void scoresDigitsAsAClassifier() {
        TaskTopics digits = Topics.of(Task.DIGITS);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (FeedbackJoinerRole role = new FeedbackJoinerRole(kafka.bootstrapServers(), JoinerConfig.defaults(Task.DIGITS),
                stateDir, registry)) {
            role.start();
            await().atMost(Duration.ofSeconds(60)).until(role::isReady);

            long now = System.currentTimeMillis();
            sendPredictions(digits, List.of(digitsDraft("d-1", 2, 2, now - 500), digitsPrediction("d-1", 7, 1, now),
                    digitsPrediction("d-2", 3, 3, now), digitsDraft("d-3", 5, 5, now)), now);
            sendFeedback(digits, List.of(digitsFeedback("d-1", 7, now + 1000), digitsFeedback("d-2", 8, now + 1000),
                    "{\"id\":\"d-9\",\"label\":11}"), now + 1000);

            List<ScoredRecord> scored = new ArrayList<>();
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = readCommitted(digits)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.topic().equals(digits.scored().name())) {
                            scored.add(Json.read(r.value(), ScoredRecord.class));
                        } else if (r.topic().equals(digits.feedback().dlq().name())) {
                            dead.add(r);
                        }
                    }
                    assertThat(scored).hasSize(4);
                    assertThat(dead).hasSize(1);
                });
            }
            assertThat(scored).extracting(s -> s.requestId() + "/" + s.alias() + "/" + s.correct()).containsExactlyInAnyOrder(
                    "d-1/" + SERVED_ALIAS + "/true", "d-1/" + SHADOW_ALIAS + "/false",
                    "d-2/" + SERVED_ALIAS + "/false", "d-2/" + SHADOW_ALIAS + "/false");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(registry.get("hindsight.classified").tags("alias", SERVED_ALIAS, "correct", "true").counter().count()).isEqualTo(1.0);
                assertThat(registry.get("hindsight.classified").tags("alias", SERVED_ALIAS, "correct", "false").counter().count()).isEqualTo(1.0);
                assertThat(registry.get("hindsight.joiner.confusion").tags("alias", SHADOW_ALIAS, "truth", "7", "predicted", "1")
                        .counter().count()).isEqualTo(1.0);
                assertThat(gauge(registry, "digits", "cnn", "hindsight.rolling.matched")).isEqualTo(2.0);
            });
            assertThat(gauge(registry, "digits", "cnn", "hindsight.rolling.accuracy")).isEqualTo(0.5);
            assertThat(gauge(registry, "digits", "cnn", "hindsight.rolling.coverage")).isEqualTo(1.0);
            RollingMetrics shown = role.gauges().shown("digits", "cnn", "v1", SERVED_ALIAS);
            assertThat(shown.confusion()).containsOnly(Map.entry("7>7", 1L), Map.entry("8>3", 1L));
            assertThat(registry.scrape()).contains(
                    "hindsight_joiner_confusion_total{alias=\"Production\",family=\"cnn\",predicted=\"3\",task=\"digits\",truth=\"8\",version=\"v1\"} 1.0",
                    "hindsight_dlq_total{stage=\"joiner\",topic=\"digits.feedback\"} 1.0",
                    "hindsight_rolling_accuracy{");
            assertThat(role.failure()).isNull();
        }
    }

    private static double servedGauge(PrometheusMeterRegistry registry, String name) {
        return gauge(registry, "calories", "xgboost", name);
    }

    private static double gauge(PrometheusMeterRegistry registry, String task, String family, String name) {
        RequiredSearch search = registry.get(name).tags("task", task, "family", family, "version", "v1", "alias", SERVED_ALIAS);
        return search.gauge().value();
    }

    private static void sendPredictions(TaskTopics topics, List<PredictionRecord> records, long ts) {
        Topic<String, PredictionRecord> t = topics.predictions();
        try (KafkaProducer<String, PredictionRecord> p = new KafkaProducer<>(producerProps(), t.keySerde().serializer(), t.valueSerde().serializer())) {
            for (PredictionRecord r : records) {
                p.send(new ProducerRecord<>(t.name(), null, ts, r.requestId(), r));
            }
            p.flush();
        }
    }

    private static void sendFeedback(TaskTopics topics, List<String> jsons, long ts) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            for (String json : jsons) {
                // like any client: keyed by nothing at all
                p.send(new ProducerRecord<>(topics.feedback().name(), null, ts, null, json.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    private static Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return p;
    }

    private static KafkaConsumer<byte[], byte[]> readCommitted(TaskTopics topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "joiner-it-reader-" + topics.task().id());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topics.scored().name(), topics.orphans().name(), topics.feedback().dlq().name()));
        return c;
    }
}
