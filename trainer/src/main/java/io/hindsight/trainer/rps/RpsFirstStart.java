package io.hindsight.trainer.rps;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.kafka.CompactedTopicView;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.FirstStartResult;
import io.hindsight.trainer.digits.TrainingProgress;
import io.hindsight.trainer.publish.ModelPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a fresh installation plays rps against models: when any of the 12 rps aliases (3 families x
 * Production, B, shadow1, shadow2) is missing on {@code model-aliases}, seeds an empty {@code rps.rounds} with
 * synthetic games ({@link RpsSyntheticGames}, one transaction, only when the topic holds no round), then trains
 * each missing alias with its own configuration ({@link RpsSweep}) on everything committed on {@code rps.rounds}
 * and publishes it with that alias. Aliases already present (say, a promoted Production) are left alone.
 * Idempotent: with all 12 present it does nothing.
 * <p>
 * Measured with the defaults (600 synthetic games: 9,982 rounds, 8,182 past the gambit) on 2 shared, busy cores:
 * 12 models trained, evaluated (5 fits each) and published in 18-31 s end to end (RpsFirstStartIT prints it).
 */
public final class RpsFirstStart {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(RpsFirstStart.class);

    private RpsFirstStart() {
    }

    /**
     * @param gamesPerPlayer synthetic games per scripted player written to an empty {@code rps.rounds}
     * @param dataSeed       seeds the synthetic games
     * @param djlCacheDir    where DJL keeps libtorch; null for DJL's default
     * @param codeVersion    the build version stored with each model; may be null
     */
    public record Settings(int gamesPerPlayer, long dataSeed, Path djlCacheDir, String codeVersion) {
        public static Settings defaults() {
            return new Settings(RpsSyntheticGames.DEFAULT_GAMES_PER_PLAYER, RpsSyntheticGames.DEFAULT_SEED, null,
                    RpsFirstStart.class.getPackage().getImplementationVersion());
        }

        public Settings withDjlCacheDir(Path dir) {
            return new Settings(gamesPerPlayer, dataSeed, dir, codeVersion);
        }

        public Settings withCodeVersion(String v) {
            return new Settings(gamesPerPlayer, dataSeed, djlCacheDir, v);
        }
    }

    public static FirstStartResult ensureRpsModels(String bootstrapServers) {
        return ensureRpsModels(bootstrapServers, Settings.defaults(), RpsProgress.NONE);
    }

    public static FirstStartResult ensureRpsModels(String bootstrapServers, Settings settings, RpsProgress progress) {
        long t0 = System.nanoTime();
        Set<String> existing = aliasKeys(bootstrapServers);
        List<String[]> missing = new ArrayList<>();
        for (String family : RpsRules.FAMILIES) {
            for (String alias : Aliases.ALL) {
                if (!existing.contains(AliasAssignment.key(Task.RPS.id(), family, alias))) {
                    missing.add(new String[] {family, alias});
                }
            }
        }
        if (missing.isEmpty()) {
            Duration took = since(t0);
            log.info("all 12 rps aliases exist; first-start training skipped ({} ms)", took.toMillis());
            return new FirstStartResult(false, List.of(), took);
        }
        log.info("rps first start: {} of 12 aliases missing", missing.size());
        RpsRoundsLoader.Result load = new RpsRoundsLoader(bootstrapServers)
                .writeIfEmpty(RpsSyntheticGames.generate(settings.gamesPerPlayer(), settings.dataSeed()));
        RpsDataset data = RpsDataset.read(bootstrapServers);
        String reason = "first start: " + data.source() + (load.written()
                ? " (" + settings.gamesPerPlayer() + " synthetic games per scripted player, seed " + settings.dataSeed() + ", written now)" : "");
        ModelPublisher publisher = new ModelPublisher(bootstrapServers, RpsTraining.TRANSACTIONAL_ID);
        List<String> published = new ArrayList<>();
        for (String[] fa : missing) {
            long t = System.nanoTime();
            RpsTrainedModel model = RpsTraining.train(data, RpsSweep.config(fa[0], fa[1]), settings.djlCacheDir(),
                    settings.codeVersion(), TrainingProgress.NONE);
            published.add(model.publish(publisher, List.of(fa[1]), reason));
            double seconds = (System.nanoTime() - t) / 1e9;
            log.info("rps {}/{}: {} ready in {} s ({}/{})", fa[0], fa[1], model.version(),
                    String.format("%.1f", seconds), published.size(), missing.size());
            progress.onModel(published.size(), missing.size(), fa[0], fa[1], model.version(), seconds);
        }
        Duration took = since(t0);
        log.info("rps first-start training done in {} s: {} models", String.format("%.1f", took.toMillis() / 1000.0), published.size());
        return new FirstStartResult(true, published, took);
    }

    /** The rps alias keys ("rps/family/alias") on {@code model-aliases}, read to its end. */
    static Set<String> aliasKeys(String bootstrapServers) {
        try (CompactedTopicView<String, AliasAssignment> aliases =
                     new CompactedTopicView<>(Topics.MODEL_ALIASES, bootstrapServers, "hindsight-rps-first-start").start()) {
            if (!aliases.awaitCaughtUp(READ_TIMEOUT)) {
                throw new IllegalStateException("could not read " + Topics.MODEL_ALIASES.name() + " within " + READ_TIMEOUT);
            }
            return aliases.snapshot().values().stream().filter(a -> Task.RPS.id().equals(a.task()))
                    .map(AliasAssignment::key).collect(Collectors.toUnmodifiableSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + Topics.MODEL_ALIASES.name(), e);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
