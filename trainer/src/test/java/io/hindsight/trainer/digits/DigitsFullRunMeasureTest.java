package io.hindsight.trainer.digits;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a test: a measurement, off unless {@code -Dhindsight.measure=true}. Trains the first-start models on the
 * bundled MNIST (no Kafka) and logs holdout accuracy, training time, ONNX-vs-DJL difference and peak RSS.
 * <pre>
 * mvn -o -q -B -pl trainer test -Dtest=DigitsFullRunMeasureTest -Dhindsight.measure=true \
 *     [-Dcnn.epochs=3 -Dcnn.n=60000 -Dcnn.shift=2 -Dcnn.threads=2 -Dxgb.n=12000 -Dxgb.rounds=60 -Dxgb.depth=6 -Dmeasure.only=cnn|xgb]
 *     [-Dxgb.compare=true]
 * </pre>
 * With {@code xgb.compare}, XGBoost is also trained the way it was before the three-step evaluation (one fit on the
 * first N digits), before and after the three steps, so the first start's added time is measured on the same machine
 * in the same minutes.
 */
@EnabledIfSystemProperty(named = "hindsight.measure", matches = "true")
class DigitsFullRunMeasureTest {
    private static final Logger log = LoggerFactory.getLogger(DigitsFullRunMeasureTest.class);

    @Test
    void measureFirstStartModels() throws Exception {
        DigitsDataset data = DigitsDataset.bundled();
        String only = System.getProperty("measure.only", "");
        if (!only.equals("xgb")) {
            DigitsCnnConfig cnn = DigitsCnnConfig.defaults()
                    .withEpochs(Integer.getInteger("cnn.epochs", DigitsCnnConfig.defaults().epochs()))
                    .withMaxTrainDigits(Integer.getInteger("cnn.n", DigitsCnnConfig.defaults().maxTrainDigits()))
                    .withShiftPx(Integer.getInteger("cnn.shift", DigitsCnnConfig.defaults().shiftPx()))
                    .withThreads(Integer.getInteger("cnn.threads", DigitsCnnConfig.defaults().threads()))
                    .withBatchSize(Integer.getInteger("cnn.batch", DigitsCnnConfig.defaults().batchSize()))
                    .withLearningRate(Double.parseDouble(System.getProperty("cnn.lr", "" + DigitsCnnConfig.defaults().learningRate())))
                    .withSeed(Long.getLong("cnn.seed", DigitsCnnConfig.defaults().seed()));
            long t0 = System.nanoTime();
            DigitsTrainedModel m = new DigitsCnnTrainer(cnn).train(data, "measure", DigitsFirstStart.logging(TrainingProgress.NONE));
            log.info("MEASURE cnn {} -> holdoutAccuracy={} logLoss={} trainingSeconds={} onnx={} total={}s bytes={} rss={}",
                    cnn, m.metadata().metrics().get("holdoutAccuracy"), m.metadata().metrics().get("holdoutLogLoss"),
                    m.metadata().metrics().get("trainingSeconds"), m.metadata().provenance().get("onnx"),
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9), m.artifact().length, rss());
        }
        if (!only.equals("cnn")) {
            DigitsXgbConfig xgb = DigitsXgbConfig.defaults()
                    .withMaxTrainDigits(Integer.getInteger("xgb.n", DigitsXgbConfig.defaults().maxTrainDigits()))
                    .withRounds(Integer.getInteger("xgb.rounds", DigitsXgbConfig.defaults().rounds()))
                    .withMaxDepth(Integer.getInteger("xgb.depth", DigitsXgbConfig.defaults().maxDepth()))
                    .withThreads(Integer.getInteger("xgb.threads", DigitsXgbConfig.defaults().threads()));
            boolean compare = Boolean.getBoolean("xgb.compare");
            if (compare) {
                measureSingleFit(xgb, data);
            }
            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            DigitsTrainedModel m = new DigitsXgbTrainer(xgb).train(data, "measure");
            log.info("MEASURE xgb three steps: {} s CPU (process, all threads), {} s wall",
                    String.format("%.1f", (cpuNanos() - cpu0) / 1e9), String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            log.info("MEASURE xgb {} -> holdoutAccuracy={} logLoss={} trainingSeconds={} total={}s bytes={} rss={}",
                    xgb, m.metadata().metrics().get("holdoutAccuracy"), m.metadata().metrics().get("holdoutLogLoss"),
                    m.metadata().metrics().get("trainingSeconds"), String.format("%.1f", (System.nanoTime() - t0) / 1e9),
                    m.artifact().length, rss());
            log.info("MEASURE xgb three steps: {}", m.metadata().metrics());
            if (compare) {
                measureSingleFit(xgb, data);
            }
        }
    }

    private static void measureSingleFit(DigitsXgbConfig xgb, DigitsDataset data) throws Exception {
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        DigitsTrainedModel m = new DigitsXgbTrainer(xgb).trainOnFirstDigits(data, "measure");
        log.info("MEASURE xgb single fit (before the three steps) -> holdoutAccuracy={} trainingSeconds={} total={}s, {} s CPU",
                m.metadata().metrics().get("holdoutAccuracy"), m.metadata().metrics().get("trainingSeconds"),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9), String.format("%.1f", (cpuNanos() - cpu0) / 1e9));
    }

    /** CPU time of the whole process (XGBoost's native threads included): steadier than wall time on a shared machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Peak and current resident set size, from /proc. */
    static String rss() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "n/a";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM") || line.startsWith("VmRSS")) {
                sb.append(line.replaceAll("\\s+", " ")).append("; ");
            }
        }
        return sb.toString();
    }
}
