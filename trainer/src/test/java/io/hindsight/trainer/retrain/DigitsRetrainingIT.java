package io.hindsight.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.promotion.PromotionDecision.AliasEvidence;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.digits.DigitsCnnConfig;
import io.hindsight.trainer.digits.DigitsEvaluation;
import io.hindsight.trainer.digits.DigitsFirstStart;
import io.hindsight.trainer.digits.DigitsLiveDataset;
import io.hindsight.trainer.digits.DigitsMetrics;
import io.hindsight.trainer.digits.DigitsXgbConfig;
import io.hindsight.trainer.digits.DigitsXgbTrainer;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.rebuild.Rebuilder;
import io.hindsight.trainer.rebuild.Rebuilt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

/**
 * digits retrained on policy, on a real (embedded KRaft) broker: after the first start (MNIST on digits.training, the
 * CNN as Production, XGBoost as B) nothing is due until N feedback records arrive, nor while B is unjudged; once the
 * ledger judges it, B is trained on digits.training plus the labelled drawings and published with the exact ranges
 * of all three topics, from which `models rebuild` makes a model with equal predictions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DigitsRetrainingIT {
    private static final int EVERY = 40;
    private static final DigitsXgbConfig XGB = DigitsXgbConfig.tiny().withMaxTrainDigits(1_000).withRounds(5);
    private static final DigitsFirstStart.Settings SMALL = new DigitsFirstStart.Settings(
            DigitsCnnConfig.tiny().withMaxTrainDigits(2_000), XGB, null, "it");
    /** People's drawings: MNIST train digits the models never see (they train on the first 1,000 or 2,000). */
    private static final MnistDigits DRAWN = MnistDigits.train();
    private static final int FIRST_DRAWING = 50_000;
    private static EmbeddedKafka kafka;
    private static LiveTopics topics;
    private static SimpleMeterRegistry meters;
    private static Retrainer retrainer;
    private static int drawn;
    private static String firstB;
    private static ModelVersion published;

    @BeforeAll
    static void startBrokerAndFirstStart() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        List<String> firstStart = DigitsFirstStart.ensureDigitsModels(kafka.bootstrapServers(), SMALL, TrainingProgress.NONE).published();
        System.out.printf("digits first start (small) in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, firstStart);
        firstB = firstStart.get(1);
        topics = new LiveTopics(kafka.bootstrapServers());
        meters = new SimpleMeterRegistry();
        retrainer = new Retrainer(kafka.bootstrapServers(), new RetrainPolicy(EVERY, Duration.ofHours(1)),
                List.of(new DigitsChallenger(kafka.bootstrapServers(), XGB, "it")), meters);
    }

    @AfterAll
    static void stopBroker() {
        if (retrainer != null) {
            retrainer.close();
        }
        if (topics != null) {
            topics.close();
        }
        kafka.close();
    }

    @Test
    @Order(1)
    void nothingIsDueWithoutNewFeedbackNorBeforeNOfIt() {
        assertThat(retrainer.retrainIfDue(Task.DIGITS)).isEmpty(); // B was trained on everything there is

        long base = System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
        draw(25);
        // bad input is skipped and counted, never fatal: a broken request, a draft, feedback for an unknown drawing
        topics.send(DigitsLiveDataset.REQUESTS, base, "broken", "{\"id\":\"broken\",\"pixels\":[1]}".getBytes(StandardCharsets.UTF_8));
        topics.send(DigitsLiveDataset.REQUESTS, base + 1, "d-0", Json.write(new DigitsRequest("d-0",
                MnistDigits.widen(DRAWN.image(0)), null, null, true)));
        topics.send(DigitsLiveDataset.FEEDBACK, base + 2, "ghost", "{\"id\":\"ghost\",\"label\":4}".getBytes(StandardCharsets.UTF_8));
        topics.flush();

        assertThat(retrainer.retrainIfDue(Task.DIGITS)).isEmpty(); // 26 of 40
        assertThat(bVersion()).isEqualTo(firstB);
    }

    @Test
    @Order(2)
    void dueAfterNNewFeedbackButBIsNotReplacedBeforeTheLedgerJudgesIt() throws Exception {
        draw(20); // 46 feedback records >= 40: due

        assertThat(retrainer.retrainIfDue(Task.DIGITS)).isEmpty();
        topics.decide(decision(PromotionDecision.INSUFFICIENT_DATA, 50, 45));
        assertThat(retrainer.retrainIfDue(Task.DIGITS)).isEmpty();
        assertThat(bVersion()).isEqualTo(firstB);
        assertThat(count()).isZero();
    }

    @Test
    @Order(3)
    void onceJudgedTheChallengerTrainsOnTrainingDigitsAndDrawingsAndRecordsAllThreeTopics() throws Exception {
        topics.decide(decision(PromotionDecision.KEPT, 500, 460));
        List<ModelVersion> out = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120)).until(() -> { // the retrainer's ledger view catches up on its own thread
            out.addAll(retrainer.retrainIfDue(Task.DIGITS));
            return !out.isEmpty();
        });

        assertThat(out).hasSize(1);
        published = out.get(0);
        assertThat(published.family()).isEqualTo(DigitsXgbTrainer.FAMILY);
        List<TrainingRange> expected = new ArrayList<>(List.of(new TrainingRange(Topics.DIGITS_TRAINING.name(), 0, 0, 70_001)));
        expected.addAll(topics.ends(DigitsLiveDataset.REQUESTS, DigitsLiveDataset.FEEDBACK));
        assertThat(published.trainingRanges()).isEqualTo(expected);
        assertThat(bVersion()).isEqualTo(published.version());
        @SuppressWarnings("unchecked")
        Map<String, Object> live = (Map<String, Object>) published.provenance().get("live");
        assertThat(live).containsEntry("labelled", 45L).containsEntry("requestsRead", 47L).containsEntry("feedbackRead", 46L)
                .containsEntry("invalidRequests", 1L).containsEntry("draftRequests", 1L).containsEntry("unmatchedFeedback", 1L)
                .containsEntry("unmatchedRequests", 0L);
        Map<String, Double> m = published.metrics();
        // pool: 1,000 train digits then the 45 drawings; step 1's test part is the last 209, the drawings among them
        assertThat(m).containsEntry(DigitsEvaluation.CHRONOLOGICAL_COUNT, 209.0)
                .containsEntry(DigitsEvaluation.CHRONOLOGICAL_LIVE_COUNT, 45.0)
                .containsEntry(DigitsEvaluation.TRAIN_COUNT, 836.0).containsEntry(DigitsMetrics.HOLDOUT_COUNT, 10_000.0)
                .containsKeys(DigitsEvaluation.VALIDATION_ACCURACY, DigitsEvaluation.CV_ACCURACY_MEAN, DigitsEvaluation.CV_ACCURACY_STD);
        assertThat(count()).isEqualTo(1.0);
        System.out.printf("digits challenger %s: holdout %.4f, chronological %.4f (drawings %.4f), validation %.4f, CV %.4f +- %.4f%n",
                published.version(), m.get(DigitsMetrics.HOLDOUT_ACCURACY), m.get(DigitsEvaluation.CHRONOLOGICAL_ACCURACY),
                m.get(DigitsEvaluation.CHRONOLOGICAL_LIVE_ACCURACY), m.get(DigitsEvaluation.VALIDATION_ACCURACY),
                m.get(DigitsEvaluation.CV_ACCURACY_MEAN), m.get(DigitsEvaluation.CV_ACCURACY_STD));

        assertThat(retrainer.retrainIfDue(Task.DIGITS)).isEmpty(); // trained on it all, and not judged yet
    }

    @Test
    @Order(4)
    void rebuildingFromTheRecordedRangesGivesEqualPredictions() throws Exception {
        ModelVersion original = topics.snapshot(Topics.MODELS).get(published.version());
        byte[] originalBytes = topics.snapshot(Topics.MODEL_ARTIFACTS).get(original.artifactSha256());

        Rebuilt rebuilt = new Rebuilder(kafka.bootstrapServers()).rebuild(original, TrainingProgress.NONE);

        assertThat(rebuilt.metadata().trainingRanges()).isEqualTo(original.trainingRanges());
        assertThat(rebuilt.metadata().metrics()).usingRecursiveComparison().ignoringFields(DigitsMetrics.TRAINING_SECONDS)
                .isEqualTo(original.metrics());
        MnistDigits check = MnistDigits.holdout();
        float[] a = DigitsXgbTrainer.probabilities(load(originalBytes), check, 0, 1_000);
        float[] b = DigitsXgbTrainer.probabilities(load(rebuilt.artifact()), check, 0, 1_000);
        assertThat(b).containsExactly(a);
        System.out.printf("rebuilt %s -> %s, identical bytes: %s; 1,000 check digits: equal probabilities%n",
                original.version(), rebuilt.metadata().version(), rebuilt.identicalBytes());
    }

    private static PromotionDecision decision(String outcome, long production, long b) {
        String cnn = topics.snapshot(Topics.MODEL_ALIASES).get(AliasAssignment.key(Task.DIGITS.id(), "cnn", Aliases.PRODUCTION)).version();
        boolean tested = outcome.equals(PromotionDecision.KEPT);
        return new PromotionDecision(Task.DIGITS.id(), DigitsXgbTrainer.FAMILY, System.currentTimeMillis(), outcome, "accuracy",
                "two-proportion z-test", tested ? -1.2 : null, tested ? 0.89 : null, 0.05, 200,
                List.of(new AliasEvidence(Aliases.PRODUCTION, cnn, production, 0.98, Math.round(production * 0.98)),
                        new AliasEvidence(Aliases.B, firstB, b, 0.93, Math.round(b * 0.93))), List.of(), "test");
    }

    /** {@code n} more drawings, each answered with the digit it is, seconds later. */
    private static void draw(int n) {
        long base = System.currentTimeMillis() - Duration.ofMinutes(20).toMillis();
        for (int i = drawn; i < drawn + n; i++) {
            int digit = FIRST_DRAWING + i;
            String id = "drawing-" + i;
            topics.send(DigitsLiveDataset.REQUESTS, base + i * 1_000L, id, Json.write(DigitsRequest.ofPixels(id, DRAWN.image(digit))));
            topics.send(DigitsLiveDataset.FEEDBACK, base + i * 1_000L + 5_000, id,
                    ("{\"id\":\"" + id + "\",\"label\":" + DRAWN.label(digit) + "}").getBytes(StandardCharsets.UTF_8));
        }
        topics.flush();
        drawn += n;
    }

    private static String bVersion() {
        return topics.snapshot(Topics.MODEL_ALIASES).get(AliasAssignment.key(Task.DIGITS.id(), DigitsXgbTrainer.FAMILY, Aliases.B)).version();
    }

    private static double count() {
        var c = meters.find("hindsight.trainer.retrained").tags("task", "digits", "family", "xgboost").counter();
        return c == null ? 0 : c.count();
    }

    @SuppressWarnings("unchecked")
    private static Model<Label> load(byte[] bytes) throws Exception {
        return (Model<Label>) Model.deserialize(ModelProto.parseFrom(bytes));
    }
}
