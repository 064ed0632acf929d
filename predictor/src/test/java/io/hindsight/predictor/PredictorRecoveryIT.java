package io.hindsight.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.publish.ModelPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transactional error path on a real broker: a commit that times out (Jepsen 2024: the producer must
 * be re-created) is aborted and the batch predicted again exactly once; a commit that succeeded although
 * the client saw a timeout is not predicted again, and its ids are still replayed afterwards.
 */
class PredictorRecoveryIT {
    private enum Fault { TIMEOUT_BEFORE_COMMIT, TIMEOUT_AFTER_COMMIT }

    private static final String REQUESTS = Topics.calories().requests().name();
    private static final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger producersCreated = new AtomicInteger();
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> client;
    private static TopicReader predictions;
    private static TopicReader dlq;
    private static Admin admin;
    private static PredictorRole role;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        new ModelPublisher(kafka.bootstrapServers()).publish(
                new CaloriesTrainer(CaloriesTrainerConfig.shadow()).trainOnGenerated(1L, 2_000), List.of(Aliases.PRODUCTION), "test");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        client = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        predictions = new TopicReader(kafka.bootstrapServers(), Topics.calories().predictions().name());
        dlq = new TopicReader(kafka.bootstrapServers(), Topics.calories().requests().dlq().name());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        role = new PredictorRole(PredictorConfig.defaults(kafka.bootstrapServers(), Task.CALORIES), new SimpleMeterRegistry(),
                PredictorRecoveryIT::flakyProducer);
        role.start();
        await().atMost(Duration.ofSeconds(30)).until(role::isServing);
    }

    @AfterAll
    static void stop() {
        role.close();
        predictions.close();
        dlq.close();
        admin.close();
        client.close();
        kafka.close();
    }

    @Test
    void aCommitThatTimesOutIsAbortedAndTheBatchPredictedAgainOnce() {
        int producersBefore = producersCreated.get();
        faults.add(Fault.TIMEOUT_BEFORE_COMMIT);
        List<CaloriesRecord> requests = CaloriesRequests.records(31L, List.of("a-1", "a-2", "a-3", "a-4"));
        requests.forEach(r -> send(r.id(), CaloriesRequests.json(r)));

        awaitNonReplayCounts(requests, 1);
        assertThat(faults).isEmpty();
        assertThat(producersCreated.get()).isEqualTo(producersBefore + 1);
        assertThat(predictionsOf(requests)).noneMatch(PredictionRecord::replay);
        assertThat(role.failure()).isNull();
    }

    @Test
    void aCommitThatSucceededDespiteATimeoutIsNotPredictedAgainAndItsIdsReplay() {
        int producersBefore = producersCreated.get();
        faults.add(Fault.TIMEOUT_AFTER_COMMIT);
        List<CaloriesRecord> requests = CaloriesRequests.records(32L, List.of("b-1", "b-2", "b-3"));
        requests.forEach(r -> send(r.id(), CaloriesRequests.json(r)));
        awaitNonReplayCounts(requests, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> producersCreated.get() == producersBefore + 1);

        requests.forEach(r -> send(null, CaloriesRequests.json(r)));

        await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() ->
                assertThat(predictionsOf(requests).stream().filter(PredictionRecord::replay).count()).isEqualTo(requests.size()));
        awaitNonReplayCounts(requests, 1);
        assertThat(role.failure()).isNull();
    }

    /**
     * Once every requests partition has a committed offset, a failed batch rewinds to those offsets only. (It
     * rewound the whole topic: the partitions never committed were sought to the beginning with
     * {@code seekToBeginning(emptyList)}, which Kafka reads as every assigned partition, so every earlier request
     * was replayed and every earlier bad record dead-lettered again.)
     */
    @Test
    void aFailedBatchIsReadAgainAloneNotTheWholeTopic() {
        int partitions = client.partitionsFor(REQUESTS).size();
        List<CaloriesRecord> earlier = CaloriesRequests.records(33L,
                IntStream.range(0, partitions).mapToObj(i -> "c-" + i).toList());
        for (int i = 0; i < partitions; i++) { // one on each partition: none is left without a committed offset
            send(i, earlier.get(i).id(), CaloriesRequests.json(earlier.get(i)));
        }
        send(0, "c-bad", CaloriesRequests.MALFORMED);
        awaitNonReplayCounts(earlier, 1);
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> deadLetters("c-bad") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedPartitions() == partitions);

        faults.add(Fault.TIMEOUT_BEFORE_COMMIT);
        List<CaloriesRecord> failing = CaloriesRequests.records(34L, List.of("c-after"));
        send(null, CaloriesRequests.json(failing.get(0)));
        awaitNonReplayCounts(failing, 1);
        assertThat(faults).isEmpty();

        assertThat(predictionsOf(earlier)).noneMatch(PredictionRecord::replay);
        assertThat(deadLetters("c-bad")).isEqualTo(1);
        assertThat(role.failure()).isNull();
    }

    private static long deadLetters(String key) {
        return dlq.poll().stream().filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))).count();
    }

    private static int committedPartitions() {
        try {
            return (int) admin.listConsumerGroupOffsets(PredictorConfig.defaults(kafka.bootstrapServers(), Task.CALORIES).groupId()).partitionsToOffsetAndMetadata().get()
                    .keySet().stream().filter(tp -> tp.topic().equals(REQUESTS)).count();
        } catch (Exception e) {
            throw new AssertionError("could not read the group's offsets", e);
        }
    }

    private static void awaitNonReplayCounts(List<CaloriesRecord> requests, long expected) {
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
            Map<String, Long> fresh = predictionsOf(requests).stream().filter(p -> !p.replay())
                    .collect(Collectors.groupingBy(PredictionRecord::requestId, Collectors.counting()));
            assertThat(fresh).hasSize(requests.size()).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(expected));
        });
    }

    private static List<PredictionRecord> predictionsOf(List<CaloriesRecord> requests) {
        var ids = requests.stream().map(CaloriesRecord::id).collect(Collectors.toSet());
        var deserializer = Topics.calories().predictions().valueSerde().deserializer();
        return predictions.poll().stream().map(r -> deserializer.deserialize(r.topic(), r.value()))
                .filter(p -> ids.contains(p.requestId())).toList();
    }

    private static void send(String key, byte[] value) {
        send(null, key, value);
    }

    private static void send(Integer partition, String key, byte[] value) {
        try {
            client.send(new ProducerRecord<>(REQUESTS, partition, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not send a request", e);
        }
    }

    /** A real transactional producer whose next commit fails as armed in {@link #faults}. */
    private static KafkaProducer<byte[], byte[]> flakyProducer(Properties config) {
        producersCreated.incrementAndGet();
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public void commitTransaction() {
                Fault fault = faults.poll();
                if (fault == Fault.TIMEOUT_BEFORE_COMMIT) {
                    throw new TimeoutException("injected: commit timed out before reaching the broker");
                }
                super.commitTransaction();
                if (fault == Fault.TIMEOUT_AFTER_COMMIT) {
                    throw new TimeoutException("injected: committed, but the client saw a timeout");
                }
            }
        };
    }
}
