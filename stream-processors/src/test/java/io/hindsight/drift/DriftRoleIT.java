package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.drift.DriftReport;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calories drift role end to end on the embedded broker: a Production model with its reference on the
 * registry topics, a simulator-like run of requests (CaloriesGenerator) with one unshifted and one shifted
 * window, drift reports read back read_committed, and the Prometheus meters.
 */
class DriftRoleIT {
    static final long WINDOW_MS = Duration.ofMinutes(5).toMillis();
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
    void quietOnAnUnshiftedRunAndFiresOnAShiftedFeature() throws Exception {
        ModelVersion model = DriftFixtures.caloriesModel();
        AliasAssignment alias = DriftFixtures.production(model);
        // event time: two aligned windows an hour ago, then one request well past their close
        long t0 = (System.currentTimeMillis() / WINDOW_MS) * WINDOW_MS - 12 * WINDOW_MS;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, Topics.MODELS.name(), model.version(), Topics.MODELS.valueSerde().serializer().serialize("", model), t0);
            send(producer, Topics.MODEL_ALIASES.name(), alias.key(),
                    Topics.MODEL_ALIASES.valueSerde().serializer().serialize("", alias), t0);
            producer.flush();
        }

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (DriftRole role = new DriftRole(kafka.bootstrapServers(), DriftConfig.defaults(Task.CALORIES), stateDir, registry)) {
            role.start();
            await().atMost(Duration.ofSeconds(60)).until(role::isReady);

            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                // one partition: the order of event time is the order of processing, so no request is late
                sendRequests(producer, DriftFixtures.unshifted(DriftFixtures.LIVE_SEED, 600), t0);
                sendRequests(producer, DriftFixtures.longerDuration(DriftFixtures.SHIFTED_SEED, 600), t0 + WINDOW_MS);
                sendRequests(producer, DriftFixtures.unshifted(77, 1), t0 + 4 * WINDOW_MS);
                producer.flush();
            }

            List<DriftReport> reports = new ArrayList<>();
            try (KafkaConsumer<String, DriftReport> consumer = consumer()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    for (ConsumerRecord<String, DriftReport> r : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(r.key()).isEqualTo(r.value().key());
                        reports.add(r.value());
                    }
                    return reports.size() >= 14;
                });
            }
            assertThat(reports).hasSize(14);
            List<DriftReport> quiet = reports.stream().filter(r -> r.windowStart() == t0).toList();
            List<DriftReport> shifted = reports.stream().filter(r -> r.windowStart() == t0 + WINDOW_MS).toList();
            assertThat(quiet).hasSize(7).allSatisfy(r -> {
                assertThat(r.count()).isEqualTo(600);
                assertThat(r.psi()).as(r.feature()).isLessThan(0.1);
                assertThat(r.drifted()).as(r.feature()).isFalse();
            });
            assertThat(shifted).hasSize(7);
            assertThat(shifted.stream().filter(DriftReport::drifted).map(DriftReport::feature)).containsExactly("Duration");

            String scrape = registry.scrape();
            assertThat(scrape).contains("hindsight_drift_psi{feature=\"Duration\",task=\"calories\"}")
                    .contains("hindsight_drift_windows_total{drifted=\"true\",feature=\"Duration\",task=\"calories\"} 1.0")
                    .contains("hindsight_drift_windows_total{drifted=\"true\",feature=\"Age\",task=\"calories\"} 0.0");
            assertThat(registry.get("hindsight.drift.psi").tag("feature", "Duration").gauge().value()).isGreaterThan(0.2);
        }
    }

    private static void sendRequests(KafkaProducer<byte[], byte[]> producer, List<CaloriesRecord> records, long start) {
        long step = (WINDOW_MS - 1) / records.size();
        for (int i = 0; i < records.size(); i++) {
            CaloriesRecord r = records.get(i);
            producer.send(new ProducerRecord<>(Topics.calories().requests().name(), 0, start + i * step,
                    r.id().getBytes(StandardCharsets.UTF_8), DriftFixtures.bytes(r)));
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value, long ts) {
        producer.send(new ProducerRecord<>(topic, null, ts, key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, DriftReport> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "drift-it-reader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, DriftReport> c = new KafkaConsumer<>(p, new StringDeserializer(), Topics.DRIFT.valueSerde().deserializer());
        c.subscribe(List.of(Topics.DRIFT.name()));
        return c;
    }
}
