package io.hindsight.trainer.calories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.evaluation.RegressionMetrics;
import io.hindsight.trainer.model.TrainedModel;
import io.hindsight.trainer.publish.ModelPublisher;
import io.hindsight.trainer.rebuild.Rebuilder;
import io.hindsight.trainer.rebuild.Rebuilt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

/**
 * Calories trained on live data on a real (embedded KRaft) broker: 1,000 generated requests and their feedback
 * (20 requests never get any; 3 invalid requests, 2 invalid feedback, 4 feedback for unknown ids, 2 corrections)
 * then 100 more pairs; a model trained from the exact ranges before the 100 reads exactly those records, records
 * the ranges, its metrics and the join's counts, and `models rebuild` replays it into equal predictions.
 */
class CaloriesLiveTrainingIT {
    private static final long DATA_SEED = 2024L;
    private static EmbeddedKafka kafka;
    private static List<TrainingRange> firstThousand;

    @BeforeAll
    static void startBrokerAndWrite() throws Exception {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        List<CaloriesRow> rows = new CaloriesGenerator(DATA_SEED).next(1_100);
        long base = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        try (KafkaProducer<String, byte[]> p = producer()) {
            for (int i = 0; i < 1_000; i++) {
                CaloriesRow r = rows.get(i);
                send(p, CaloriesLiveDataset.REQUESTS, base + i * 1_000L, r.record().id(), Json.write(r.record()));
                if (i % 50 != 49) { // 20 requests never get their measured calories
                    send(p, CaloriesLiveDataset.FEEDBACK, base + i * 1_000L + 600_000, r.record().id(), feedback(r.record().id(), r.calories()));
                }
            }
            send(p, CaloriesLiveDataset.REQUESTS, base + 5, "bad-1", "{\"id\":\"bad-1\",\"Sex\":\"male\"".getBytes(StandardCharsets.UTF_8));
            send(p, CaloriesLiveDataset.REQUESTS, base + 6, "bad-2", "{\"id\":\"bad-2\",\"Sex\":\"male\",\"Age\":500,\"Height\":170,"
                    .concat("\"Weight\":70,\"Duration\":10,\"Heart_Rate\":90,\"Body_Temp\":39}").getBytes(StandardCharsets.UTF_8));
            send(p, CaloriesLiveDataset.REQUESTS, base + 7, "bad-3", "{\"id\":\"bad-3\",\"Sex\":\"other\",\"Age\":50,\"Height\":170,"
                    .concat("\"Weight\":70,\"Duration\":10,\"Heart_Rate\":90,\"Body_Temp\":39}").getBytes(StandardCharsets.UTF_8));
            send(p, CaloriesLiveDataset.FEEDBACK, base + 8, "bad-2", feedback("bad-2", 50)); // its request was invalid
            for (int i = 0; i < 3; i++) {
                send(p, CaloriesLiveDataset.FEEDBACK, base + 9 + i, "ghost-" + i, feedback("ghost-" + i, 100));
            }
            send(p, CaloriesLiveDataset.FEEDBACK, base + 20, "0", "{\"id\":\"0\",\"Calories\":-1}".getBytes(StandardCharsets.UTF_8));
            send(p, CaloriesLiveDataset.FEEDBACK, base + 21, "1", "not json".getBytes(StandardCharsets.UTF_8));
            for (int i : new int[] {10, 11}) { // corrections, later: the latest wins (with the same value, so rows stay generated truth)
                CaloriesRow r = rows.get(i);
                send(p, CaloriesLiveDataset.FEEDBACK, base + 3_000_000L + i, r.record().id(), feedback(r.record().id(), r.calories()));
            }
            p.flush();
            firstThousand = ends();
            for (int i = 1_000; i < 1_100; i++) { // arrive after the model's ranges: not trained on
                CaloriesRow r = rows.get(i);
                send(p, CaloriesLiveDataset.REQUESTS, base + i * 1_000L, r.record().id(), Json.write(r.record()));
                send(p, CaloriesLiveDataset.FEEDBACK, base + i * 1_000L + 600_000, r.record().id(), feedback(r.record().id(), r.calories()));
            }
            p.flush();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void trainsFromExactRangesRecordsThemAndRebuildsToEqualPredictions() throws Exception {
        assertThat(firstThousand).hasSize(6); // 3 partitions of each topic, all written to
        List<String> progress = new ArrayList<>();
        CaloriesTrainerConfig config = CaloriesTrainerConfig.defaults();
        long t0 = System.nanoTime();
        TrainedModel model = CaloriesLiveTraining.train(kafka.bootstrapServers(), firstThousand, config, "it",
                (step, steps, label, rmsle, seconds) -> progress.add(step + "/" + steps + " " + label));
        double took = (System.nanoTime() - t0) / 1e9;

        ModelVersion v = model.metadata();
        Map<String, Double> m = v.metrics();
        System.out.printf("calories live: %s in %.1f s: hold-out RMSLE %.4f MAE %.2f (%d rows), validation RMSLE %.4f, "
                        + "3-fold CV %.4f +- %.4f; data %s%n", v.version(), took, m.get(RegressionMetrics.RMSLE),
                m.get(RegressionMetrics.MAE), m.get(CaloriesEvaluation.HOLDOUT_ROWS).intValue(),
                m.get(CaloriesEvaluation.VALIDATION_RMSLE), m.get(CaloriesEvaluation.CV_RMSLE_MEAN),
                m.get(CaloriesEvaluation.CV_RMSLE_STD), v.provenance().get("data"));
        assertThat(v.trainingRanges()).isEqualTo(firstThousand);
        assertThat(v.codeVersion()).isEqualTo("it");
        assertThat(progress).hasSize(5).endsWith("5/5 step 3: fold 3/3");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) v.provenance().get("data");
        assertThat(data).containsEntry("requestsRead", 1_003L).containsEntry("feedbackRead", 980L + 4 + 2 + 2)
                .containsEntry("invalidRequests", 3L).containsEntry("invalidFeedback", 2L)
                .containsEntry("unmatchedRequests", 20L).containsEntry("unmatchedFeedback", 4L)
                .containsEntry("duplicateFeedback", 2L).containsEntry("duplicateRequests", 0L).containsEntry("labelled", 980L);
        assertThat(m.get(CaloriesEvaluation.HOLDOUT_ROWS)).isEqualTo(196.0);
        assertThat(m.get(CaloriesEvaluation.VALIDATION_ROWS)).isEqualTo(196.0);
        assertThat(m.get(CaloriesEvaluation.TRAIN_ROWS)).isEqualTo(784.0);
        assertThat(m.get(RegressionMetrics.RMSLE)).isBetween(0.03, 0.15);
        assertThat(m.get(CaloriesEvaluation.VALIDATION_RMSLE)).isBetween(0.03, 0.15);
        assertThat(m.get(CaloriesEvaluation.CV_RMSLE_MEAN)).isBetween(0.03, 0.15);
        assertThat(m.get(CaloriesEvaluation.CV_RMSLE_STD)).isBetween(0.0, 0.05);
        assertThat(v.provenance()).containsEntry("seed", 42L).containsEntry("splitSeed", 42L)
                .containsKeys("config", "tribuo", "evaluation", "java", "os");

        new ModelPublisher(kafka.bootstrapServers(), "it-calories-live").publish(model, List.of(), "it");
        ModelVersion published = models().get(v.version());
        assertThat(published.trainingRanges()).isEqualTo(firstThousand);
        assertThat(published.metrics()).isEqualTo(m);

        Rebuilt rebuilt = new Rebuilder(kafka.bootstrapServers()).rebuild(published, TrainingProgress.NONE);
        System.out.printf("rebuilt %s -> %s, identical bytes: %s%n", v.version(), rebuilt.metadata().version(), rebuilt.identicalBytes());
        assertThat(rebuilt.metadata().trainingRanges()).isEqualTo(firstThousand);
        assertThat(rebuilt.metadata().metrics()).usingRecursiveComparison().ignoringFields(CaloriesEvaluation.TRAINING_SECONDS)
                .isEqualTo(m);
        List<Example<Regressor>> check = new CaloriesGenerator(99L).next(1_000).stream()
                .map(r -> CaloriesExamples.unlabelled(r.record())).toList();
        assertThat(CaloriesTrainer.predictKcal(load(rebuilt.artifact()), check))
                .containsExactly(CaloriesTrainer.predictKcal(load(model.artifact()), check));
        // the rebuilt version names its own DLE nanny and carries its bytes, so `models rebuild --publish` is complete
        assertThat(rebuilt.metadata().performance()).isNotNull();
        String nanny = rebuilt.metadata().performance().dleArtifactSha256();
        assertThat(nanny).isNotNull();
        assertThat(rebuilt.sidecars()).containsKey(nanny);
    }

    @Test
    void defaultRangesAreEverythingCommittedOnEveryPartition() {
        CaloriesLiveDataset all = CaloriesLiveDataset.read(kafka.bootstrapServers());
        assertThat(all.counts().labelled()).isEqualTo(1_080);
        assertThat(all.ranges()).hasSize(6).allSatisfy(r -> assertThat(r.startOffset()).isZero());
        assertThat(all.ranges().stream().mapToLong(r -> r.endOffset() - r.startOffset()).sum())
                .isEqualTo(1_003 + 100 + 988 + 100);
    }

    @Test
    void refusesTooFewLabelledRows() {
        List<TrainingRange> little = firstThousand.stream()
                .map(r -> new TrainingRange(r.topic(), r.partition(), 0, Math.min(r.endOffset(), 30))).toList();
        assertThatThrownBy(() -> CaloriesLiveTraining.train(kafka.bootstrapServers(), little, CaloriesTrainerConfig.defaults(),
                "it", CaloriesProgress.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 200");
        assertThatThrownBy(() -> CaloriesLiveDataset.read(kafka.bootstrapServers(),
                List.of(new TrainingRange(CaloriesLiveDataset.REQUESTS, 0, 0, 1_000_000))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not readable");
        assertThatThrownBy(() -> CaloriesLiveDataset.read(kafka.bootstrapServers(),
                List.of(new TrainingRange("digits.training", 0, 0, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a partition");
    }

    @SuppressWarnings("unchecked")
    private static Model<Regressor> load(byte[] bytes) throws Exception {
        return (Model<Regressor>) Model.deserialize(ModelProto.parseFrom(bytes));
    }

    private static byte[] feedback(String id, double kcal) {
        return ("{\"id\":\"" + id + "\",\"Calories\":" + kcal + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(KafkaProducer<String, byte[]> p, String topic, long ts, String key, byte[] value) throws Exception {
        p.send(new ProducerRecord<>(topic, null, ts, key, value));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Each partition of both topics as [0, end), in the order CaloriesLiveDataset records them. */
    private static List<TrainingRange> ends() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<TrainingRange> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : List.of(CaloriesLiveDataset.REQUESTS, CaloriesLiveDataset.FEEDBACK)) {
                for (int p = 0; p < 3; p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    long end = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
                    out.add(new TrainingRange(topic, p, 0, end));
                }
            }
        }
        return out;
    }

    private static Map<String, ModelVersion> models() throws InterruptedException {
        try (CompactedTopicView<String, ModelVersion> v = new CompactedTopicView<>(Topics.MODELS, kafka.bootstrapServers(),
                "it-calories-models").start()) {
            assertThat(v.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            return v.snapshot();
        }
    }
}
