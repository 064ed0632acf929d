package io.hindsight.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.prediction.ScoredRecord;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The role on a real (embedded KRaft) broker: rps families whose B wins clearly, and whose B does not; digits with
 * Production and B in different families.
 */
class PromotionRoleIT {
    static EmbeddedKafka kafka;

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
    void bWinningClearlyIsPromotedAndTheAliasesSwapInOneTransaction() {
        assign("logan", Aliases.PRODUCTION, "v1");
        assign("logan", Aliases.B, "v2");
        playGames("logan", "v1", Aliases.PRODUCTION, 30, 15);
        playGames("logan", "v2", Aliases.B, 30, 24);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (PromotionRole role = new PromotionRole(kafka.bootstrapServers(), config("promotion-it-1"), registry)) {
            PromotionDecision d = decisionFor(role.evaluateOnce(), "logan");
            assertThat(d.outcome()).isEqualTo(PromotionDecision.PROMOTED);
            assertThat(d.pValue()).isLessThan(0.05);

            PromotionDecision entry = last(ledger("rps/logan"));
            assertThat(entry.outcome()).isEqualTo(PromotionDecision.PROMOTED);
            assertThat(entry.evidence()).extracting(PromotionDecision.AliasEvidence::samples).containsExactly(30L, 30L);
            assertThat(entry.reason()).contains("B is better");
            Map<String, AliasAssignment> aliases = aliases();
            assertThat(aliases.get("rps/logan/Production").version()).isEqualTo("v2");
            assertThat(aliases.get("rps/logan/B").version()).isEqualTo("v1");
            assertThat(aliases.get("rps/logan/Production").reason()).startsWith("promoted");

            // The old evidence was gathered under the old aliases: the swapped versions start over, no swap back.
            PromotionDecision next = decisionFor(role.evaluateOnce(), "logan");
            assertThat(next.outcome()).isEqualTo(PromotionDecision.INSUFFICIENT_DATA);
            assertThat(next.evidence()).extracting(PromotionDecision.AliasEvidence::version).containsExactly("v2", "v1");
            assertThat(next.evidence()).extracting(PromotionDecision.AliasEvidence::samples).containsOnly(0L);
            assertThat(aliases().get("rps/logan/Production").version()).isEqualTo("v2");

            assertThat(registry.get("hindsight.promotion.evaluations").tags("task", "rps", "outcome", "promoted")
                    .counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void equalWinRatesKeepProductionMoveNothingAndAreNotReappendedWithoutNewEvidence() {
        assign("forrest", Aliases.PRODUCTION, "f1");
        assign("forrest", Aliases.B, "f2");
        playGames("forrest", "f1", Aliases.PRODUCTION, 40, 20);
        playGames("forrest", "f2", Aliases.B, 40, 20);

        try (PromotionRole role = new PromotionRole(kafka.bootstrapServers(), config("promotion-it-2"), new SimpleMeterRegistry())) {
            PromotionDecision d = decisionFor(role.evaluateOnce(), "forrest");
            assertThat(d.outcome()).isEqualTo(PromotionDecision.KEPT);
            assertThat(d.statistic()).isEqualTo(0.0);
            assertThat(d.pValue()).isEqualTo(0.5);
            assertThat(d.moves()).isEmpty();
            List<PromotionDecision> entries = ledger("rps/forrest");
            assertThat(last(entries).outcome()).isEqualTo(PromotionDecision.KEPT);
            Map<String, AliasAssignment> aliases = aliases();
            assertThat(aliases.get("rps/forrest/Production").version()).isEqualTo("f1");
            assertThat(aliases.get("rps/forrest/B").version()).isEqualTo("f2");

            assertThat(decisionFor(role.evaluateOnce(), "forrest").outcome()).isEqualTo(PromotionDecision.KEPT);
            assertThat(ledger("rps/forrest")).as("no new evidence, no new entry").hasSameSizeAs(entries);

            playGames("forrest", "f2", Aliases.B, 1, 1);
            assertThat(decisionFor(role.evaluateOnce(), "forrest").evidence().get(1).samples()).isEqualTo(41);
            assertThat(ledger("rps/forrest")).as("new evidence, a new entry").hasSize(entries.size() + 1);
        }
    }

    @Test
    void digitsJudgesProductionOfCnnAgainstBOfXgboostAndMovesNoAliasAcrossFamilies() {
        assignTo("digits", "cnn", Aliases.PRODUCTION, "c1");
        assignTo("digits", "xgboost", Aliases.B, "x1");
        score("cnn", "c1", Aliases.PRODUCTION, 300, 270);
        score("xgboost", "x1", Aliases.B, 300, 150);
        PromotionConfig config = PromotionConfig.defaults().withTasks(List.of(Task.DIGITS)).withTransactionalId("promotion-it-3");

        try (PromotionRole role = new PromotionRole(kafka.bootstrapServers(), config, new SimpleMeterRegistry())) {
            // B clearly worse: kept, keyed by B's family, both versions in the evidence, nothing moved.
            PromotionDecision kept = decisionFor(role.evaluateOnce(), "xgboost");
            assertThat(kept.task()).isEqualTo("digits");
            assertThat(kept.outcome()).isEqualTo(PromotionDecision.KEPT);
            assertThat(kept.moves()).isEmpty();
            assertThat(last(ledger("digits/xgboost")).evidence()).containsExactly(
                    new PromotionDecision.AliasEvidence(Aliases.PRODUCTION, "c1", 300, 0.9, 270),
                    new PromotionDecision.AliasEvidence(Aliases.B, "x1", 300, 0.5, 150));
            assertThat(ledger("digits/cnn")).isEmpty();

            // A new B, clearly better: the test says promoted, but across families nothing moves.
            assignTo("digits", "xgboost", Aliases.B, "x2");
            score("xgboost", "x2", Aliases.B, 300, 297);
            PromotionDecision promoted = decisionFor(role.evaluateOnce(), "xgboost");
            assertThat(promoted.outcome()).isEqualTo(PromotionDecision.PROMOTED);
            assertThat(promoted.pValue()).isLessThan(0.05);
            assertThat(promoted.moves()).isEmpty();
            PromotionDecision entry = last(ledger("digits/xgboost"));
            assertThat(entry.outcome()).isEqualTo(PromotionDecision.PROMOTED);
            assertThat(entry.evidence()).extracting(PromotionDecision.AliasEvidence::alias, PromotionDecision.AliasEvidence::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Aliases.PRODUCTION, "c1"),
                            org.assertj.core.groups.Tuple.tuple(Aliases.B, "x2"));
            assertThat(entry.reason()).endsWith("promotion across families needs an operator: POST /v1/promotions/override");
            Map<String, AliasAssignment> aliases = aliases();
            assertThat(aliases.get("digits/cnn/Production").version()).isEqualTo("c1");
            assertThat(aliases.get("digits/xgboost/B").version()).isEqualTo("x2");
            assertThat(aliases).doesNotContainKeys("digits/xgboost/Production", "digits/cnn/B");
        }
    }

    static void assignTo(String task, String family, String alias, String version) {
        AliasAssignment a = new AliasAssignment(task, family, alias, version, System.currentTimeMillis(), "test");
        send(Topics.MODEL_ALIASES, a.key(), a);
    }

    /** {@code n} scored digits predictions by {@code alias}, {@code correct} of them right. */
    static void score(String family, String version, String alias, int n, int correct) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            Topic<String, ScoredRecord> scored = Topics.of(Task.DIGITS).scored();
            for (int i = 0; i < n; i++) {
                String id = "d-" + version + "-" + i;
                ScoredRecord s = new ScoredRecord(id, "digits", family, version, alias, Aliases.PRODUCTION.equals(alias),
                        i < correct ? 3 : 4, 3, 0, null, i < correct, 0, 1, 1);
                producer.send(new ProducerRecord<>(scored.name(), id.getBytes(),
                        scored.valueSerde().serializer().serialize(scored.name(), s)));
            }
            producer.flush();
        }
    }

    static PromotionConfig config(String transactionalId) {
        return PromotionConfig.defaults().withTasks(List.of(Task.RPS)).withTransactionalId(transactionalId);
    }

    static PromotionDecision decisionFor(List<PromotionDecision> decisions, String family) {
        return decisions.stream().filter(d -> d.family().equals(family)).findFirst().orElseThrow();
    }

    static <T> T last(List<T> list) {
        assertThat(list).isNotEmpty();
        return list.get(list.size() - 1);
    }

    static void assign(String family, String alias, String version) {
        AliasAssignment a = new AliasAssignment("rps", family, alias, version, System.currentTimeMillis(), "test");
        send(Topics.MODEL_ALIASES, a.key(), a);
    }

    /** {@code games} last rounds served by {@code alias}, the bot winning {@code won}, plus a mid-game round each. */
    static void playGames(String family, String version, String alias, int games, int won) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            Topic<String, ScoredRecord> scored = Topics.of(Task.RPS).scored();
            for (int g = 0; g < games; g++) {
                String game = family + "-" + version + "-" + alias + "-" + System.nanoTime() + "-" + g;
                for (int round = 9; round <= 10; round++) {
                    String id = game + ":" + round;
                    Boolean gameWon = round == 10 ? g < won : null;
                    ScoredRecord s = new ScoredRecord(id, "rps", family, version, alias, true, 0, 0, 0, null, true,
                            0, 1, 1, 1.0, gameWon);
                    producer.send(new ProducerRecord<>(scored.name(), id.getBytes(),
                            scored.valueSerde().serializer().serialize(scored.name(), s)));
                }
            }
            producer.flush();
        }
    }

    static <K, V> void send(Topic<K, V> topic, K key, V value) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                    topic.valueSerde().serializer().serialize(topic.name(), value)));
            producer.flush();
        }
    }

    static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The ledger entries of one task/family, oldest first, as a read_committed reader sees them. */
    static List<PromotionDecision> ledger(String key) {
        List<PromotionDecision> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(Topics.PROMOTIONS.name())) {
            if (key.equals(new String(r.key()))) {
                out.add(Topics.PROMOTIONS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
        }
        return out;
    }

    /** The latest assignment per key. */
    static Map<String, AliasAssignment> aliases() {
        Map<String, AliasAssignment> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(Topics.MODEL_ALIASES.name())) {
            out.put(new String(r.key()), Topics.MODEL_ALIASES.valueSerde().deserializer().deserialize(r.topic(), r.value()));
        }
        return out;
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic)) {
                tps.add(new TopicPartition(topic, pi.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            long deadline = System.currentTimeMillis() + 30_000;
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
