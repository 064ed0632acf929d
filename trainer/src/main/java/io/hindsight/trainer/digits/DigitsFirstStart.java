package io.hindsight.trainer.digits;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.trainer.FirstStartResult;
import io.hindsight.trainer.FirstStartTraining;
import io.hindsight.trainer.publish.ModelPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a fresh installation guesses digits: when {@code model-aliases} has no digits Production alias,
 * loads MNIST onto {@code digits.training} (if it is not there yet), trains the CNN on it and publishes it as
 * Production; when there is no digits B alias, trains the XGBoost challenger and publishes it as B. Each model
 * records the exact offset range it was read from. Idempotent: with both aliases present it does nothing.
 * <p>
 * Meant for a background thread at start-up (blocking, minutes): progress is logged at INFO every ~10% of an
 * epoch, and a {@link TrainingProgress} can be passed for a progress bar. Interrupting the thread stops CNN
 * training at the next batch ({@link java.util.concurrent.CancellationException}); XGBoost, once started, runs
 * to the end (native code). Nothing is published until a model is complete and scored.
 * <p>
 * Measured with the defaults on 2 cores (shared, noisy): load 70,000 digits 1.6 s, read them back 0.7-1.4 s,
 * CNN 3 epochs on 60,000 digits 38-57 s (holdout accuracy 0.9926), XGBoost 12,000 digits x 60 rounds 19-40 s
 * (0.957): 98 s end to end on a busy machine. XGBoost is now evaluated the RPS Quest way ({@link DigitsEvaluation}:
 * fits on 7,200, 9,600 and 3 x 2,000 digits instead of one on 12,000), which doubles its step: measured back to back
 * on the same machine, one fit 35-38 s wall (46-50 s CPU) against 74-76 s (98 s CPU) for the three steps, so B is
 * published about 40 s later, after the CNN is already serving; B's holdout accuracy is 0.9513 (it fits on the
 * label-stratified 80%, 9,600 digits) instead of 0.957. The JVM needs ~1 GB of heap for the XGBoost step (Tribuo
 * boxes the pixel matrix; the three steps ran in -Xmx1g, peak RSS 1.4 GB); libtorch adds ~400 MB native while the
 * CNN trains.
 * <p>
 * Publishing uses its own transactional id, so it cannot fence the calories first start running at the same time.
 * Two instances starting together on an empty topic share the loader's transactional id: one load fences the
 * other (which then fails, its transaction aborted), so the topic still gets the digits exactly once.
 */
public final class DigitsFirstStart {
    public static final String TRANSACTIONAL_ID = "hindsight-model-publisher-digits";
    private static final Logger log = LoggerFactory.getLogger(DigitsFirstStart.class);

    private DigitsFirstStart() {
    }

    /**
     * What to train and where DJL keeps libtorch.
     *
     * @param djlCacheDir null for DJL's default (~/.djl.ai or DJL_CACHE_DIR)
     * @param codeVersion the build version stored with each model; may be null
     */
    public record Settings(DigitsCnnConfig cnn, DigitsXgbConfig xgb, Path djlCacheDir, String codeVersion) {
        public static Settings defaults() {
            return new Settings(DigitsCnnConfig.defaults(), DigitsXgbConfig.defaults(), null,
                    DigitsFirstStart.class.getPackage().getImplementationVersion());
        }

        public Settings withDjlCacheDir(Path dir) {
            return new Settings(cnn, xgb, dir, codeVersion);
        }

        public Settings withCodeVersion(String v) {
            return new Settings(cnn, xgb, djlCacheDir, v);
        }
    }

    public static FirstStartResult ensureDigitsModels(String bootstrapServers) {
        return ensureDigitsModels(bootstrapServers, Settings.defaults(), TrainingProgress.NONE);
    }

    public static FirstStartResult ensureDigitsModels(String bootstrapServers, Settings settings, TrainingProgress progress) {
        long t0 = System.nanoTime();
        Set<String> existing = FirstStartTraining.aliases(bootstrapServers, Task.DIGITS);
        boolean needProduction = !existing.contains(Aliases.PRODUCTION);
        boolean needB = !existing.contains(Aliases.B);
        if (!needProduction && !needB) {
            Duration took = since(t0);
            log.info("digits Production and B aliases exist; first-start training skipped ({} ms)", took.toMillis());
            return new FirstStartResult(false, List.of(), took);
        }
        log.info("digits first start: training {}{}", needProduction ? "the CNN (Production)" : "",
                needB ? (needProduction ? " and " : "") + "XGBoost (B)" : "");
        DigitsTrainingLoader.Result load = new DigitsTrainingLoader(bootstrapServers).loadBundled();
        DigitsDataset data = DigitsDataset.read(bootstrapServers);
        String reason = "first start: " + data.source() + (load.written() ? " (MNIST loaded now)" : "");
        ModelPublisher publisher = new ModelPublisher(bootstrapServers, TRANSACTIONAL_ID);
        List<String> published = new ArrayList<>();
        if (needProduction) {
            long t = System.nanoTime();
            DigitsTrainedModel cnn = new DigitsCnnTrainer(settings.cnn(), settings.djlCacheDir())
                    .train(data, settings.codeVersion(), logging(progress));
            published.add(cnn.publish(publisher, List.of(Aliases.PRODUCTION), reason));
            log.info("{}: {} (holdout accuracy {}) ready in {} s", Aliases.PRODUCTION, cnn.version(),
                    String.format("%.4f", cnn.holdoutAccuracy()), String.format("%.1f", (System.nanoTime() - t) / 1e9));
        }
        if (needB) {
            long t = System.nanoTime();
            DigitsTrainedModel xgb = new DigitsXgbTrainer(settings.xgb()).train(data, settings.codeVersion());
            published.add(xgb.publish(publisher, List.of(Aliases.B), reason));
            log.info("{}: {} (holdout accuracy {}) ready in {} s", Aliases.B, xgb.version(),
                    String.format("%.4f", xgb.holdoutAccuracy()), String.format("%.1f", (System.nanoTime() - t) / 1e9));
        }
        Duration took = since(t0);
        log.info("digits first-start training done in {} s: {}", String.format("%.1f", took.toMillis() / 1000.0), published);
        return new FirstStartResult(true, published, took);
    }

    /** Logs about ten times per epoch and at each epoch's end, and forwards everything to {@code next}. */
    static TrainingProgress logging(TrainingProgress next) {
        return new TrainingProgress() {
            @Override
            public void onBatch(int epoch, int epochs, int batch, int batches, double loss) {
                int every = Math.max(1, batches / 10);
                if (batch % every == 0 && batch < batches) {
                    log.info("digits CNN epoch {}/{}: {}% (batch {}/{}, loss {})", epoch, epochs, 100 * batch / batches,
                            batch, batches, String.format("%.4f", loss));
                }
                next.onBatch(epoch, epochs, batch, batches, loss);
            }

            @Override
            public void onEpoch(int epoch, int epochs, double meanLoss, double elapsedSeconds) {
                log.info("digits CNN epoch {}/{} done: mean loss {}, {} s", epoch, epochs, String.format("%.4f", meanLoss),
                        String.format("%.1f", elapsedSeconds));
                next.onEpoch(epoch, epochs, meanLoss, elapsedSeconds);
            }
        };
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
