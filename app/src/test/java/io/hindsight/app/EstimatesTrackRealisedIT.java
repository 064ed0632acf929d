package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.drift.PerformanceEstimate;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 6: performance estimated before the labels arrive tracks the realised figure once they do, on the real
 * system in one process (gateway, predictors, joiner, drift/estimates, trainer; embedded broker), driven like
 * the simulator drives it: HTTP predictions, then the truth as feedback, through the real joiner.
 * <ul>
 *   <li>digits: train digits 50,000.. (the quick first start fits on the first 3,000 / 2,000, calibrates on the
 *       10,000 holdout digits), feedback = their MNIST label; CBPE accuracy vs the joiner's accuracy;</li>
 *   <li>calories: fresh rows of the Keytel generator (another seed than the training data), feedback = their
 *       calories; DLE RMSLE vs the joiner's RMSLE.</li>
 * </ul>
 * Rolling windows of {@value #WINDOW_SECONDS} s (every a fifth of it). A burst of {@value #BURST} requests per task,
 * each answered at once, then a trickle that moves stream time on so the windows close. For every series, the
 * window with the most outputs is compared once its realised figure is there.
 */
class EstimatesTrackRealisedIT {
    static final int WINDOW_SECONDS = 20;
    static final int BURST = 400;
    /** Accuracy points: CBPE vs realised accuracy on ~400 digits (binomial sd ~0.015). */
    static final double ACCURACY_TOLERANCE = 0.05;
    /** Relative: |DLE - realised| / realised RMSLE on ~400 rows (sampling sd of the realised figure ~4%). */
    static final double RMSLE_RELATIVE_TOLERANCE = 0.15;
    static final int FIRST_DIGIT = 50_000;
    /** Burst digits' raw top-class probability of the served model: what CBPE would say uncalibrated. */
    private static final java.util.concurrent.atomic.DoubleAdder RAW_TOP = new java.util.concurrent.atomic.DoubleAdder();
    private static final AtomicInteger RAW_COUNT = new AtomicInteger();
    private static InProcessHindsight app;

    @BeforeAll
    static void start() throws Exception {
        app = InProcessHindsight.start("estimates", DigitsFirstStartMode.QUICK,
                s -> s.withRollingWindow(Duration.ofSeconds(WINDOW_SECONDS)));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void estimatesTrackRealisedDigitsAccuracyAndCaloriesRmsle() throws Exception {
        MnistDigits digits = MnistDigits.train();
        awaitDigitsModels(digits);
        List<CaloriesRow> rows = new CaloriesGenerator(2026L, 9_000_000L).next(BURST + 2_000);

        AtomicInteger nextDigit = new AtomicInteger(0);
        AtomicInteger nextRow = new AtomicInteger(0);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> burst = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                burst.add(pool.submit(() -> {
                    int i;
                    while ((i = nextDigit.getAndIncrement()) < BURST) {
                        double top = digit(digits, i);
                        RAW_TOP.add(top);
                        RAW_COUNT.incrementAndGet();
                    }
                    while ((i = nextRow.getAndIncrement()) < BURST) {
                        calories(rows.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : burst) {
                f.get();
            }
            System.out.printf("burst: %d digits and %d calories rows predicted and answered in %.1f s; mean raw top-class "
                    + "probability of the served digits model %.4f%n", BURST, BURST, (System.nanoTime() - t0) / 1e9,
                    RAW_TOP.sum() / RAW_COUNT.get());

            // a trickle moves stream time on until every window of the burst has closed and been scored
            AtomicBoolean trickling = new AtomicBoolean(true);
            Future<?> trickle = pool.submit(() -> {
                while (trickling.get()) {
                    digit(digits, nextDigit.getAndIncrement());
                    calories(rows.get(nextRow.getAndIncrement() % rows.size()));
                    Thread.sleep(250);
                }
                return null;
            });
            Map<String, PerformanceEstimate> best = new HashMap<>();
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    best.clear();
                    best.putAll(bestWindows());
                    return best.containsKey(series("digits", "cnn", Aliases.PRODUCTION))
                            && best.containsKey(series("calories", "xgboost", Aliases.PRODUCTION));
                });
            } finally {
                trickling.set(false);
                trickle.get();
            }
            best.values().stream().sorted(Comparator.comparing(PerformanceEstimate::task).thenComparing(PerformanceEstimate::alias))
                    .forEach(e -> System.out.printf("%s %s %s %s window %d: %s %s estimated %.4f, realised %.4f (%d outputs, %d matched)%n",
                            e.task(), e.family(), e.alias(), e.version(), e.windowStart(), e.method(), e.metric(), e.estimated(),
                            e.realised(), e.outputs(), e.realisedMatched()));

            PerformanceEstimate cnn = best.get(series("digits", "cnn", Aliases.PRODUCTION));
            assertThat(cnn.method()).isEqualTo(PerformanceEstimate.CBPE);
            assertThat(cnn.estimated()).as("CBPE vs realised accuracy, digits Production").isCloseTo(cnn.realised(),
                    within(ACCURACY_TOLERANCE));
            PerformanceEstimate xgb = best.get(series("digits", "xgboost", Aliases.B));
            if (xgb != null) {
                assertThat(xgb.estimated()).as("CBPE vs realised accuracy, digits B").isCloseTo(xgb.realised(),
                        within(ACCURACY_TOLERANCE));
            }
            for (String alias : List.of(Aliases.PRODUCTION, Aliases.SHADOW1)) {
                PerformanceEstimate dle = best.get(series("calories", "xgboost", alias));
                if (dle == null) {
                    assertThat(alias).as("calories Production has a DLE estimate").isNotEqualTo(Aliases.PRODUCTION);
                    continue;
                }
                assertThat(dle.method()).isEqualTo(PerformanceEstimate.DLE);
                assertThat(dle.estimated()).as("DLE vs realised RMSLE, calories " + alias)
                        .isCloseTo(dle.realised(), within(RMSLE_RELATIVE_TOLERANCE * dle.realised()));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(app.get("/metrics").body())
                    .contains("hindsight_estimated_accuracy{").contains("hindsight_estimated_realised_accuracy{")
                    .contains("hindsight_estimated_rmsle{").contains("hindsight_estimated_realised_rmsle{"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until the quick first start has published the CNN and B is shadowing it. */
    private static void awaitDigitsModels(MnistDigits digits) {
        int[] n = {0};
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String body = digitBody("estimates-warmup-" + n[0]++, digits.image(0));
            HttpResponse<String> r = app.post("/v1/digits/predict", body);
            return r.statusCode() == 200 && Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).get("shadows").size() >= 1;
        });
    }

    /** Predicts digit i, answers with its label; returns the served model's top-class probability. */
    private static double digit(MnistDigits digits, int i) throws Exception {
        int index = FIRST_DIGIT + i % (digits.count() - FIRST_DIGIT);
        String id = "est-digit-" + i;
        HttpResponse<String> r = app.post("/v1/digits/predict", digitBody(id, digits.image(index)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        HttpResponse<String> fb = app.post("/v1/digits/feedback", "{\"id\":\"" + id + "\",\"label\":" + digits.label(index) + "}");
        assertThat(fb.statusCode()).as(fb.body()).isEqualTo(202);
        double top = 0;
        for (JsonNode p : Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).get("probabilities")) {
            top = Math.max(top, p.asDouble());
        }
        return top;
    }

    private static void calories(CaloriesRow row) throws Exception {
        HttpResponse<String> r = app.post("/v1/calories/predict", new String(Json.write(row.record()), StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        HttpResponse<String> fb = app.post("/feedback", "{\"id\":\"" + row.record().id() + "\",\"Calories\":" + row.calories() + "}");
        assertThat(fb.statusCode()).as(fb.body()).isEqualTo(200);
    }

    private static String digitBody(String id, float[] image) {
        return new String(Json.write(DigitsRequest.ofPixels(id, image)), StandardCharsets.UTF_8);
    }

    private static String series(String task, String family, String alias) {
        return task + "/" + family + "/" + alias;
    }

    /**
     * The latest record per metrics.estimated key, then per task/family/alias the window with the most outputs
     * among those whose realised figure has arrived over nearly the same outputs (matched within 5%, at least 80%
     * of the burst): estimate and realisation then describe the same requests.
     */
    private static Map<String, PerformanceEstimate> bestWindows() {
        Map<String, PerformanceEstimate> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(app.bootstrapServers(), Topics.METRICS_ESTIMATED.name())) {
            if (r.value() != null) {
                latest.put(r.key(), Json.read(r.value(), PerformanceEstimate.class));
            }
        }
        Map<String, PerformanceEstimate> best = new HashMap<>();
        for (PerformanceEstimate e : latest.values()) {
            if (e.realised() == null || e.realisedMatched() == null || e.outputs() < BURST * 0.8
                    || Math.abs(e.realisedMatched() - e.outputs()) > 0.05 * e.outputs()) {
                continue;
            }
            best.merge(series(e.task(), e.family(), e.alias()), e, (a, b) -> b.outputs() > a.outputs() ? b : a);
        }
        return best;
    }
}
