package io.hindsight.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.broker.EmbeddedKafka;
import io.hindsight.broker.TopicProvisioner;
import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.promotion.PromotionDecision;
import io.hindsight.contracts.promotion.PromotionDecision.AliasEvidence;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.FirstStartTraining;
import io.hindsight.trainer.calories.CaloriesEvaluation;
import io.hindsight.trainer.calories.CaloriesLiveDataset;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.digits.DigitsXgbConfig;
import io.hindsight.trainer.evaluation.RegressionMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * calories retrained on policy, on a real (embedded KRaft) broker: after the first start (Production and shadow1 on
 * generated rows, no B) nothing is due until N feedback records arrive (or T passes with some); too few labelled rows
 * are skipped quietly;
 * then the challenger is trained on the live data and published as B with its ranges and DLE nanny; a B is not
 * replaced before the ledger judges it, and is once it is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaloriesRetrainingIT {
    private static final int EVERY = 100;
    private static final String REQUESTS = CaloriesLiveDataset.REQUESTS;
    private static final String FEEDBACK = CaloriesLiveDataset.FEEDBACK;
    private static final List<CaloriesRow> ROWS = new CaloriesGenerator(77L).next(1_000);
    private static EmbeddedKafka kafka;
    private static LiveTopics topics;
    private static SimpleMeterRegistry meters;
    private static Retrainer retrainer;
    private static int sent;
    private static ModelVersion first;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.temporary().start();
        TopicProvisioner.ensure(kafka.bootstrapServers(), Topics.all(), (short) 1, Duration.ofSeconds(60));
        FirstStartTraining.ensureCaloriesModels(kafka.bootstrapServers(), 2_000, 1L, CaloriesTrainerConfig.defaults().withTrees(60),
                CaloriesTrainerConfig.shadow().withTrees(20));
        topics = new LiveTopics(kafka.bootstrapServers());
        meters = new SimpleMeterRegistry();
        // keeps only the newest version of a family beyond the aliased ones, so the second challenger retires the first
        retrainer = new Retrainer(kafka.bootstrapServers(), new RetrainPolicy(EVERY, Duration.ofHours(1)),
                List.of(new CaloriesChallenger(kafka.bootstrapServers(), CaloriesTrainerConfig.defaults().withTrees(60), "it")), meters,
                Clock.systemUTC(), new RegistryRetention(1));
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
    void theRoleCountsEveryTaskAndFamilyFromZero() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Retrainer all = Retrainer.allTasks(kafka.bootstrapServers(), new RetrainPolicy(EVERY, Duration.ofHours(1)), null,
                "it", DigitsXgbConfig.tiny(), registry)) {
            all.start();
            assertThat(registry.find("hindsight.trainer.retrained").counters())
                    .extracting(c -> c.getId().getTag("task") + "/" + c.getId().getTag("family"))
                    .containsExactlyInAnyOrder("calories/xgboost", "digits/xgboost", "rps/forrest", "rps/logan", "rps/brian");
            assertThat(registry.find("hindsight.trainer.retrained").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
            assertThat(all.isReady()).isTrue();
        }
    }

    @Test
    @Order(2)
    void nothingIsDueWithoutNewFeedbackNorBeforeNOfIt() {
        assertThat(retrainer.retrainIfDue(Task.CALORIES)).isEmpty();
        assertThat(trainingsAsked(Duration.ofHours(2))).isZero(); // T has passed, but nothing new arrived

        send(60); // 60 < 100 feedback records
        assertThat(retrainer.retrainIfDue(Task.CALORIES)).isEmpty();
        assertThat(topics.snapshot(Topics.MODEL_ALIASES)).doesNotContainKey(bKey());
        // ...unless T (1 h) has passed since the last training (Production's, at the first start) with something new
        assertThat(trainingsAsked(Duration.ofMinutes(30))).isZero();
        assertThat(trainingsAsked(Duration.ofHours(2))).isEqualTo(1);
    }

    @Test
    @Order(3)
    void fewerLabelledRowsThanTrainingNeedsAreSkippedQuietly() {
        send(90); // 150 >= 100: due, but 150 labelled rows < 200
        assertThat(retrainer.retrainIfDue(Task.CALORIES)).isEmpty();
        assertThat(topics.snapshot(Topics.MODEL_ALIASES)).doesNotContainKey(bKey());
        assertThat(count()).isZero();
    }

    @Test
    @Order(4)
    void dueAfterNNewLabelledRecordsTheChallengerIsPublishedAsBWithItsRangesAndNanny() {
        send(150); // 300 labelled rows; no B yet, so nothing to judge

        List<ModelVersion> published = retrainer.retrainIfDue(Task.CALORIES);

        assertThat(published).hasSize(1);
        first = published.get(0);
        assertThat(first.family()).isEqualTo(CaloriesTrainer.FAMILY);
        assertThat(first.trainingRanges()).isEqualTo(topics.ends(REQUESTS, FEEDBACK));
        assertThat(first.trainingRanges().stream().filter(r -> r.topic().equals(FEEDBACK)).mapToLong(r -> r.endOffset()).sum())
                .isEqualTo(300);
        assertThat(first.metrics()).containsKeys(RegressionMetrics.RMSLE, CaloriesEvaluation.VALIDATION_RMSLE,
                CaloriesEvaluation.CV_RMSLE_MEAN, CaloriesEvaluation.CV_RMSLE_STD);
        assertThat(first.metrics().get(CaloriesEvaluation.HOLDOUT_ROWS)).isEqualTo(60.0); // last 20% of 300
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) first.provenance().get("data");
        assertThat(data).containsEntry("labelled", 300L);
        assertThat(topics.snapshot(Topics.MODEL_ALIASES).get(bKey()).version()).isEqualTo(first.version());
        PerformanceReference nanny = first.performance();
        assertThat(nanny).isNotNull();
        assertThat(topics.snapshot(Topics.MODEL_ARTIFACTS)).containsKeys(first.artifactSha256(), nanny.dleArtifactSha256());
        assertThat(count()).isEqualTo(1.0);
        System.out.printf("calories challenger %s on 300 live rows: hold-out RMSLE %.4f, validation %.4f, CV %.4f +- %.4f, %.1f s%n",
                first.version(), first.metrics().get(RegressionMetrics.RMSLE), first.metrics().get(CaloriesEvaluation.VALIDATION_RMSLE),
                first.metrics().get(CaloriesEvaluation.CV_RMSLE_MEAN), first.metrics().get(CaloriesEvaluation.CV_RMSLE_STD),
                first.metrics().get(CaloriesEvaluation.TRAINING_SECONDS));

        // trained on everything there is: not due again
        assertThat(retrainer.retrainIfDue(Task.CALORIES)).isEmpty();
    }

    @Test
    @Order(5)
    void bIsNotReplacedBeforeTheLedgerJudgesItAndIsAfterwards() throws Exception {
        send(120); // due again by the policy
        assertThat(retrainer.retrainIfDue(Task.CALORIES)).isEmpty(); // B has not been judged at all

        topics.decide(decision(PromotionDecision.INSUFFICIENT_DATA, 40));
        assertThat(retrainer.retrainIfDue(Task.CALORIES)).isEmpty(); // not enough evidence is no judgement
        assertThat(topics.snapshot(Topics.MODEL_ALIASES).get(bKey()).version()).isEqualTo(first.version());

        topics.decide(decision(PromotionDecision.KEPT, 400));
        List<ModelVersion> published = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> { // the retrainer's ledger view catches up on its own thread
            published.addAll(retrainer.retrainIfDue(Task.CALORIES));
            return !published.isEmpty();
        });

        assertThat(published).hasSize(1);
        ModelVersion second = published.get(0);
        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(second.trainingRanges()).isEqualTo(topics.ends(REQUESTS, FEEDBACK));
        assertThat(second.trainingRanges().stream().filter(r -> r.topic().equals(FEEDBACK)).mapToLong(r -> r.endOffset()).sum())
                .isEqualTo(420);
        assertThat(topics.snapshot(Topics.MODEL_ALIASES).get(bKey()).version()).isEqualTo(second.version());
        assertThat(count()).isEqualTo(2.0);
        assertThat(retrainer.retrainIfDue(Task.CALORIES)).isEmpty(); // the new B: nothing new, and not judged
    }

    @Test
    @Order(6)
    void theReplacedChallengerLeavesTheRegistryWhileEveryAliasedVersionStays() {
        Map<String, ModelVersion> models = topics.snapshot(Topics.MODELS);
        Map<String, byte[]> artifacts = topics.snapshot(Topics.MODEL_ARTIFACTS);
        Map<String, AliasAssignment> aliases = topics.snapshot(Topics.MODEL_ALIASES);

        assertThat(models).doesNotContainKey(first.version());
        assertThat(artifacts).doesNotContainKeys(first.artifactSha256(), first.performance().dleArtifactSha256());
        assertThat(aliases.values()).allSatisfy(a -> {
            assertThat(models).containsKey(a.version());
            assertThat(artifacts).containsKey(models.get(a.version()).artifactSha256());
        });
        var retired = meters.find("hindsight.trainer.retired").tags("task", "calories", "family", "xgboost").counter();
        assertThat(retired).isNotNull();
        assertThat(retired.count()).isEqualTo(1.0);
    }

    /**
     * How many trainings a retrainer whose clock runs {@code ahead} asks for: one check, with a calories challenger
     * that only counts (nothing is trained or published).
     */
    private static int trainingsAsked(Duration ahead) {
        CaloriesChallenger real = new CaloriesChallenger(kafka.bootstrapServers(), CaloriesTrainerConfig.defaults(), "it");
        AtomicInteger asked = new AtomicInteger();
        Challenger counting = new Challenger() {
            @Override
            public Task task() {
                return real.task();
            }

            @Override
            public List<String> families() {
                return real.families();
            }

            @Override
            public List<String> requiredAliases() {
                return real.requiredAliases();
            }

            @Override
            public String countedTopic() {
                return real.countedTopic();
            }

            @Override
            public Optional<ModelVersion> trainAndPublish(String family) {
                asked.incrementAndGet();
                return Optional.empty();
            }
        };
        try (Retrainer later = new Retrainer(kafka.bootstrapServers(), new RetrainPolicy(EVERY, Duration.ofHours(1)),
                List.of(counting), new SimpleMeterRegistry(), Clock.offset(Clock.systemUTC(), ahead))) {
            later.retrainIfDue(Task.CALORIES);
        }
        return asked.get();
    }

    private static PromotionDecision decision(String outcome, long pairs) {
        String production = topics.snapshot(Topics.MODEL_ALIASES)
                .get(AliasAssignment.key(Task.CALORIES.id(), CaloriesTrainer.FAMILY, Aliases.PRODUCTION)).version();
        return new PromotionDecision(Task.CALORIES.id(), CaloriesTrainer.FAMILY, System.currentTimeMillis(), outcome,
                "squared_log_error", "paired t-test", outcome.equals(PromotionDecision.KEPT) ? 0.4 : null,
                outcome.equals(PromotionDecision.KEPT) ? 0.34 : null, 0.05, 200,
                List.of(new AliasEvidence(Aliases.PRODUCTION, production, pairs, 0.004, 0),
                        new AliasEvidence(Aliases.B, first.version(), pairs, 0.004, 0)), List.of(), "test");
    }

    /** {@code n} more requests, each with its measured calories, minutes later. */
    private static void send(int n) {
        long base = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        for (int i = sent; i < sent + n; i++) {
            CaloriesRow r = ROWS.get(i);
            topics.send(REQUESTS, base + i * 1_000L, r.record().id(), Json.write(r.record()));
            topics.send(FEEDBACK, base + i * 1_000L + 60_000, r.record().id(),
                    ("{\"id\":\"" + r.record().id() + "\",\"Calories\":" + r.calories() + "}").getBytes(StandardCharsets.UTF_8));
        }
        topics.flush();
        sent += n;
    }

    private static String bKey() {
        return AliasAssignment.key(Task.CALORIES.id(), CaloriesTrainer.FAMILY, Aliases.B);
    }

    /** Challengers published (the counter is registered by start(), which this retrainer is not: no loop in the test). */
    private static double count() {
        var c = meters.find("hindsight.trainer.retrained").tags("task", "calories", "family", "xgboost").counter();
        return c == null ? 0 : c.count();
    }
}
