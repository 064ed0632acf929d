package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.trainer.calories.CaloriesTrainer;
import io.hindsight.trainer.calories.CaloriesTrainerConfig;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.model.TrainedModel;
import io.hindsight.trainer.publish.ModelPublisher;
import io.hindsight.trainer.rebuild.Rebuilder;
import io.hindsight.trainer.rebuild.Rebuilt;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry on Kafka: a version rebuilt from its recipe predicts exactly what the original predicts, and moving
 * Production back and forth under load loses or fails no request while every answer names a version that
 * the alias pointed at.
 */
class RegistryIT {
    private static final String RECORD =
            "{\"id\":\"%s\",\"Sex\":\"female\",\"Age\":41,\"Height\":165,\"Weight\":61,\"Duration\":25,\"Heart_Rate\":104,\"Body_Temp\":40.3}";
    private static InProcessHindsight app;

    @BeforeAll
    static void start() throws Exception {
        app = InProcessHindsight.start("registry", DigitsFirstStartMode.OFF);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aRebuiltVersionPredictsExactlyWhatTheOriginalPredicts() throws Exception {
        RegistrySnapshot registry = RegistrySnapshot.read(app.bootstrapServers());
        AliasAssignment production = registry.aliases().get(AliasAssignment.key("calories", "xgboost", Aliases.PRODUCTION));
        ModelVersion original = registry.models().get(production.version());

        Rebuilt rebuilt = new Rebuilder(app.bootstrapServers()).rebuild(original, TrainingProgress.NONE);

        ModelsCommand.Rebuild.Comparison c = ModelsCommand.Rebuild.compare(original,
                RegistrySnapshot.artifact(app.bootstrapServers(), original), rebuilt, 1000);
        System.out.printf("rebuild %s: bytes %s, %d check rows, max |diff| %.3g, %d differ%n", original.version(),
                rebuilt.identicalBytes() ? "identical" : "different", c.rows(), c.maxDiff(), c.differing());
        assertThat(c.rows()).isEqualTo(1000);
        assertThat(c.differing()).isZero();
        assertThat(c.maxDiff()).isZero();
        // The bytes are not identical: Tribuo's protobuf embeds its own provenance, which records when the model
        // was trained. The trees are: every prediction is equal to the bit. (The digits CNN's ONNX bytes are
        // identical: DigitsTrainingIT.)
        assertThat(rebuilt.metadata().trainingRanges()).isEqualTo(original.trainingRanges());
        assertThat(String.valueOf(rebuilt.metadata().provenance().get("config"))) // JSON gave Integer for a long seed
                .isEqualTo(String.valueOf(original.provenance().get("config")));
    }

    @Test
    void movingProductionUnderLoadFailsNoRequest() throws Exception {
        RegistrySnapshot registry = RegistrySnapshot.read(app.bootstrapServers());
        String first = registry.aliases().get(AliasAssignment.key("calories", "xgboost", Aliases.PRODUCTION)).version();
        TrainedModel challenger = new CaloriesTrainer(CaloriesTrainerConfig.defaults().withTrees(40).withSeed(5L))
                .trainOnGenerated(7L, 3_000);
        ModelPublisher publisher = new ModelPublisher(app.bootstrapServers(), "registry-it");
        publisher.publish(challenger, List.of(), "challenger, no alias yet");
        String second = challenger.version();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, Long> servedBy = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<long[]> answers = new ConcurrentLinkedQueue<>(); // [answeredAtMs, 1 if second]
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int client = t;
            Thread th = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    String id = "swap-" + client + "-" + n++;
                    try {
                        HttpResponse<String> r = app.post("/v1/calories/predict", String.format(RECORD, id));
                        sent.incrementAndGet();
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                            continue;
                        }
                        String version = Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).get("model").get("version").asString();
                        servedBy.merge(version, 1L, Long::sum);
                        answers.add(new long[] {System.currentTimeMillis(), version.equals(second) ? 1 : 0});
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "swap-client-" + t);
            th.start();
            clients.add(th);
        }
        List<Long> swapMs = new ArrayList<>();
        String target = second;
        for (int flip = 0; flip < 4; flip++) {
            long before = sent.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= before + 300); // load runs meanwhile
            long at = System.currentTimeMillis();
            publisher.moveAlias("calories", "xgboost", Aliases.PRODUCTION, target, "registry IT flip " + flip);
            boolean toSecond = target.equals(second);
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.stream()
                    .anyMatch(a -> a[0] > at && (a[1] == 1) == toSecond));
            long firstNew = answers.stream().filter(a -> a[0] > at && (a[1] == 1) == toSecond)
                    .mapToLong(a -> a[0]).min().orElseThrow();
            swapMs.add(firstNew - at);
            target = toSecond ? first : second;
        }
        running.set(false);
        for (Thread th : clients) {
            th.join(30_000);
        }
        System.out.printf("alias swap under load: %d requests, %d failed, served by %s, first answer from the new "
                + "version after %s ms%n", sent.get(), failures.size(), servedBy, swapMs);
        assertThat(failures).as("requests that did not get a 200").isEmpty();
        assertThat(servedBy.keySet()).containsExactlyInAnyOrder(first, second);
        assertThat(sent.get()).isGreaterThanOrEqualTo(1200);
    }
}
