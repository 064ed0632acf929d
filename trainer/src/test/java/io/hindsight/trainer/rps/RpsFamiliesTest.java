package io.hindsight.trainer.rps;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.Sha256;
import io.hindsight.contracts.rps.Move;
import io.hindsight.contracts.rps.RpsFeatures;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import io.hindsight.trainer.digits.TrainingProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each family trained (Production configuration) on the first start's synthetic games: its metadata, its bytes
 * loading back as the predictor loads them, and the requirement — the bot driven by the serialized model
 * clearly beats a biased player (50% rock) and a cycler, and is about even against a random player.
 * <p>
 * Why 0.6 and not more against the biased player: always playing paper would win ~89% of its games (simulated),
 * but the models learnt from a mixture of five players facing a random bot, and against a bot that keeps playing
 * paper the biased player's history ("rock lost to paper") is what beat-last and win-stay-lose-shift players
 * answer with scissors or paper: the models need several rounds to tell the players apart. Measured: 61-73% of
 * 200 games (78% for forrest with 400 synthetic games per player); 0.6 is ~3 standard errors above even.
 */
class RpsFamiliesTest {
    static final RpsDataset SYNTHETIC = RpsDataset.of(
            RpsSyntheticGames.generate(RpsSyntheticGames.DEFAULT_GAMES_PER_PLAYER, RpsSyntheticGames.DEFAULT_SEED),
            "synthetic seed " + RpsSyntheticGames.DEFAULT_SEED);
    private static final int ARENA_GAMES = 200;

    @ParameterizedTest
    @ValueSource(strings = {RpsRules.FORREST, RpsRules.LOGAN, RpsRules.BRIAN})
    void trainsRoundTripsAndBeatsExploitablePlayers(String family) {
        long t0 = System.nanoTime();
        RpsTrainedModel model = RpsTraining.train(SYNTHETIC, RpsSweep.config(family, Aliases.PRODUCTION), null, "test",
                TrainingProgress.NONE);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        ModelVersion meta = model.metadata();

        assertThat(meta.task()).isEqualTo(Task.RPS.id());
        assertThat(meta.family()).isEqualTo(family);
        assertThat(meta.format()).isEqualTo(family.equals(RpsRules.BRIAN) ? ModelVersion.ONNX : ModelVersion.TRIBUO_PROTOBUF);
        assertThat(meta.artifactSha256()).isEqualTo(Sha256.hex(model.artifact()));
        assertThat(meta.version()).isEqualTo("rps-" + family + "-" + meta.artifactSha256().substring(0, 12));
        assertThat(meta.features()).isEqualTo(RpsFeatures.NAMES);
        assertThat(meta.metrics()).containsKeys(RpsEvaluation.HOLDOUT_ACCURACY, RpsEvaluation.VALIDATION_ACCURACY,
                RpsEvaluation.CV_ACCURACY_MEAN, RpsEvaluation.CV_ACCURACY_STD);
        assertThat((Map<?, ?>) meta.provenance().get("config")).isEqualTo(RpsSweep.config(family, Aliases.PRODUCTION).asMap());
        // a mixture of random, biased, cycling and reactive players: well above chance, far from perfect
        assertThat(model.metric(RpsEvaluation.HOLDOUT_ACCURACY)).isBetween(0.45, 0.9);
        assertThat(model.metric(RpsEvaluation.VALIDATION_ACCURACY)).isBetween(0.45, 0.9);

        if (family.equals(RpsRules.BRIAN)) {
            // the published ONNX graph was checked against the DJL network it was exported from
            Map<?, ?> step2 = (Map<?, ?>) ((Map<?, ?>) meta.provenance().get("evaluation")).get("step2");
            assertThat(((Number) ((Map<?, ?>) step2.get("fit")).get("onnxMaxAbsDiffVsDjl")).doubleValue())
                    .isLessThanOrEqualTo(BrianTrainer.MAX_EXPORT_DIFF);
        }
        List<RpsArena.Report> reports = new ArrayList<>();
        try (RpsPredictor served = RpsPredictor.load(meta.format(), model.artifact())) {
            double[] p = served.probabilities(SYNTHETIC.trainable().get(0).featureArray());
            assertThat(p).hasSize(Move.COUNT);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            for (ScriptedPlayer player : List.of(ScriptedPlayer.BIASED_ROCK, ScriptedPlayer.CYCLER, ScriptedPlayer.RANDOM)) {
                reports.add(RpsArena.play(served, player, ARENA_GAMES, 99L));
            }
        }
        System.out.printf("%s: trained+evaluated in %.1f s, metrics %s%n", family, trainSeconds, meta.metrics());
        reports.forEach(r -> System.out.println("  " + family + " " + r));

        assertThat(reports.get(0).botWinRate()).as("vs biased-rock").isGreaterThanOrEqualTo(0.6);
        assertThat(reports.get(0).botPoints()).as("points vs biased-rock").isGreaterThan(reports.get(0).playerPoints());
        assertThat(reports.get(1).botWinRate()).as("vs cycler").isGreaterThanOrEqualTo(0.95);
        assertThat(reports.get(2).botWinRate()).as("vs random").isBetween(0.25, 0.75);
    }
}
