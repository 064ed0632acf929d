package io.hindsight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.drift.PerformanceEstimate;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.prediction.ModelOutput;
import io.hindsight.contracts.prediction.PredictionRecord;
import io.hindsight.contracts.prediction.RollingMetrics;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CBPE on real held-out MNIST digits with a real (small) model's probabilities: a softmax regression on the
 * pixels, trained here in a second on 6,000 train digits (seeded), scoring 2,000 held-out digits. The
 * estimate (mean top-class probability) must land within {@value #TOLERANCE} of the realised accuracy.
 */
class CbpeEstimateTest {
    /** Three accuracy points. */
    static final double TOLERANCE = 0.03;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String VERSION = "digits-softmax-test";
    static double[][] probabilities;
    static int[] labels;

    @BeforeAll
    static void trainAndScore() {
        SoftmaxRegression model = SoftmaxRegression.fit(MnistDigits.train(), 6_000, 3, 0.02, 7L);
        MnistDigits holdout = MnistDigits.holdout();
        probabilities = new double[2_000][];
        labels = new int[2_000];
        for (int i = 0; i < labels.length; i++) {
            probabilities[i] = model.probabilities(holdout.image(i));
            labels[i] = holdout.label(i);
        }
    }

    @Test
    void estimateTracksRealisedAccuracyAndIsJoinedWithIt() {
        double realised = realisedAccuracy();
        assertThat(realised).as("a small model, but a real one").isBetween(0.8, 0.97);

        DriftConfig config = DriftConfig.defaults(Task.DIGITS);
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, config);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // a shared /tmp/kafka-streams collides with concurrent builds
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), p)) {
            Topic<String, PredictionRecord> pt = Topics.of(Task.DIGITS).predictions();
            TestInputTopic<String, PredictionRecord> predictions = driver.createInputTopic(pt.name(),
                    pt.keySerde().serializer(), pt.valueSerde().serializer());
            TestInputTopic<String, RollingMetrics> rolling = driver.createInputTopic(Topics.METRICS_ROLLING.name(),
                    Topics.METRICS_ROLLING.keySerde().serializer(), Topics.METRICS_ROLLING.valueSerde().serializer());
            TestOutputTopic<String, PerformanceEstimate> estimated = driver.createOutputTopic(Topics.METRICS_ESTIMATED.name(),
                    new StringDeserializer(), Topics.METRICS_ESTIMATED.valueSerde().deserializer());

            // all 2,000 in the first minute, so every hopping window starting in [T0-4m, T0] holds all of them
            for (int i = 0; i < labels.length; i++) {
                predictions.pipeInput("r" + i, prediction("r" + i, probabilities[i]), T0.plusMillis(i * 25L));
            }
            PredictionRecord replay = prediction("r0", probabilities[0]).asReplay();
            predictions.pipeInput("r0", replay, T0.plusMillis(100)); // replays are not counted twice
            predictions.pipeInput("late", prediction("late", probabilities[0]), T0.plus(Duration.ofMinutes(20)));

            long windowStart = T0.toEpochMilli();
            String key = RollingMetrics.key("digits", "softmax", VERSION, Aliases.PRODUCTION, windowStart);
            Map<String, PerformanceEstimate> before = estimated.readKeyValuesToMap();
            PerformanceEstimate estimate = before.get(key);
            assertThat(estimate).as("estimate emitted at window close, before any label").isNotNull();
            assertThat(estimate.realised()).isNull();
            assertThat(estimate.outputs()).isEqualTo(labels.length);
            assertThat(estimate.estimated()).isCloseTo(meanTopProbability(), within(1e-9));
            System.out.printf("CBPE estimate %.4f, realised accuracy %.4f on %d held-out digits%n", estimate.estimated(), realised, labels.length);
        assertThat(estimate.estimated()).as("CBPE vs realised accuracy").isCloseTo(realised, within(TOLERANCE));

            // the joiner's window for the same key arrives later: the estimate is re-emitted beside it
            rolling.pipeInput(key, rolling(windowStart, realised), T0.plus(Duration.ofMinutes(21)));
            List<KeyValue<String, PerformanceEstimate>> after = estimated.readKeyValuesToList();
            assertThat(after).hasSize(1);
            assertThat(after.get(0).key).isEqualTo(key);
            assertThat(after.get(0).value.realised()).isEqualTo(realised);
            assertThat(after.get(0).value.realisedMatched()).isEqualTo(labels.length);
            assertThat(after.get(0).value.estimated()).isEqualTo(estimate.estimated());
        }
    }

    /**
     * An over-confident model (the same softmax, probabilities sharpened: p^4 renormalised) whose version carries a
     * calibration fitted on 2,000 other held-out digits (10 equal-count bins of the top probability, the trainer
     * fits isotonic steps): uncalibrated CBPE over-estimates, calibrated CBPE lands within the tolerance.
     */
    @Test
    void theCalibrationStoredWithTheModelVersionIsApplied() {
        MnistDigits holdout = MnistDigits.holdout();
        SoftmaxRegression model = SoftmaxRegression.fit(MnistDigits.train(), 6_000, 3, 0.02, 7L);
        int n = 2_000;
        double[] calTop = new double[n];
        boolean[] calRight = new boolean[n];
        for (int i = 0; i < n; i++) {
            double[] p = sharpen(model.probabilities(holdout.image(n + i)));
            calTop[i] = p[argmax(p)];
            calRight[i] = argmax(p) == holdout.label(n + i);
        }
        PerformanceReference calibration = binned(calTop, calRight, 10);
        ModelVersion version = DriftFixtures.model(Task.DIGITS, VERSION, "softmax", Map.of()).withPerformance(calibration);

        DriftConfig config = DriftConfig.defaults(Task.DIGITS);
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, config);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            driver.createInputTopic(Topics.MODELS.name(), Topics.MODELS.keySerde().serializer(), Topics.MODELS.valueSerde().serializer())
                    .pipeInput(VERSION, version, T0);
            Topic<String, PredictionRecord> pt = Topics.of(Task.DIGITS).predictions();
            TestInputTopic<String, PredictionRecord> predictions = driver.createInputTopic(pt.name(),
                    pt.keySerde().serializer(), pt.valueSerde().serializer());
            TestOutputTopic<String, PerformanceEstimate> estimated = driver.createOutputTopic(Topics.METRICS_ESTIMATED.name(),
                    new StringDeserializer(), Topics.METRICS_ESTIMATED.valueSerde().deserializer());
            double raw = 0;
            double expected = 0;
            for (int i = 0; i < labels.length; i++) {
                double[] p = sharpen(probabilities[i]);
                raw += p[argmax(p)];
                expected += calibration.calibrate(p[argmax(p)]);
                predictions.pipeInput("r" + i, prediction("r" + i, p), T0.plusMillis(i * 25L));
            }
            predictions.pipeInput("late", prediction("late", probabilities[0]), T0.plus(Duration.ofMinutes(20)));
            PerformanceEstimate e = estimated.readKeyValuesToMap()
                    .get(RollingMetrics.key("digits", "softmax", VERSION, Aliases.PRODUCTION, T0.toEpochMilli()));
            double realised = realisedAccuracy();
            System.out.printf("over-confident model: uncalibrated CBPE %.4f, calibrated %.4f, realised %.4f%n",
                    raw / labels.length, e.estimated(), realised);
            assertThat(e.estimated()).isCloseTo(expected / labels.length, within(1e-9));
            assertThat(raw / labels.length - realised).as("uncalibrated over-estimates").isGreaterThan(TOLERANCE);
            assertThat(e.estimated()).as("calibrated CBPE vs realised").isCloseTo(realised, within(TOLERANCE));
        }
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    /** p^4 renormalised: same argmax, far more confident. */
    static double[] sharpen(double[] p) {
        double[] q = new double[p.length];
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            q[k] = Math.pow(p[k], 4);
            sum += q[k];
        }
        for (int k = 0; k < p.length; k++) {
            q[k] /= sum;
        }
        return q;
    }

    /** Equal-count bins of the top probability, each mapped to its accuracy (made monotone by a running max). */
    static PerformanceReference binned(double[] top, boolean[] right, int bins) {
        Integer[] order = new Integer[top.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> top[i]));
        List<Double> edges = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        int per = top.length / bins;
        double floor = 0;
        for (int b = 0; b < bins; b++) {
            int from = b * per;
            int to = b == bins - 1 ? top.length : from + per;
            int ok = 0;
            for (int i = from; i < to; i++) {
                ok += right[order[i]] ? 1 : 0;
            }
            floor = Math.max(floor, (double) ok / (to - from));
            accuracy.add(floor);
            if (b < bins - 1) {
                edges.add(top[order[to - 1]]);
            }
        }
        return PerformanceReference.calibration(edges, accuracy, top.length);
    }

    static double realisedAccuracy() {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += argmax(probabilities[i]) == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    static double meanTopProbability() {
        double sum = 0;
        for (double[] p : probabilities) {
            sum += p[argmax(p)];
        }
        return sum / probabilities.length;
    }

    static PredictionRecord prediction(String id, double[] p) {
        List<Double> scores = new ArrayList<>();
        for (double v : p) {
            scores.add(v);
        }
        ModelOutput served = new ModelOutput("softmax", VERSION, Aliases.PRODUCTION, argmax(p), scores);
        return new PredictionRecord(id, "digits", served, List.of(), 0L, 0L, false);
    }

    static RollingMetrics rolling(long windowStart, double accuracy) {
        return new RollingMetrics("digits", "softmax", VERSION, Aliases.PRODUCTION, windowStart, windowStart + 300_000,
                labels.length, 0, 1.0, 0.0, 1 - accuracy, accuracy, 4.5, 1000, 2000, Map.of(), Map.of(), Map.of());
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Multinomial logistic regression on the 784 pixels, plain mini-batch SGD: the smallest honest digits classifier. */
    record SoftmaxRegression(double[][] w) {
        static SoftmaxRegression fit(MnistDigits digits, int n, int epochs, double learningRate, long seed) {
            double[][] w = new double[10][785];
            Random rnd = new Random(seed);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            SoftmaxRegression m = new SoftmaxRegression(w);
            for (int e = 0; e < epochs; e++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int idx : order) {
                    float[] x = digits.image(idx);
                    double[] p = m.probabilities(x);
                    int y = digits.label(idx);
                    for (int k = 0; k < 10; k++) {
                        double g = p[k] - (k == y ? 1 : 0);
                        double[] wk = w[k];
                        for (int f = 0; f < 784; f++) {
                            wk[f] -= learningRate * g * x[f];
                        }
                        wk[784] -= learningRate * g;
                    }
                }
            }
            return m;
        }

        double[] probabilities(float[] x) {
            double[] z = new double[10];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 10; k++) {
                double s = w[k][784];
                for (int f = 0; f < 784; f++) {
                    s += w[k][f] * x[f];
                }
                z[k] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                z[k] = Math.exp(z[k] - max);
                sum += z[k];
            }
            for (int k = 0; k < 10; k++) {
                z[k] /= sum;
            }
            return z;
        }
    }
}
