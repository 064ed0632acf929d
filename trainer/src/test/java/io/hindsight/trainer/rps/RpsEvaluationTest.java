package io.hindsight.trainer.rps;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.rps.RpsExample;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RpsEvaluationTest {
    private static final List<RpsExample> ROUNDS = RpsDataset.of(RpsSyntheticGames.generate(10, 3L), "t").trainable();
    private static final int GAMES = RpsEvaluation.gamesInOrder(ROUNDS).size();

    @Test
    void chronologicalSplitKeepsTimeOrderAndWholeGames() {
        RpsEvaluation.Split s = RpsEvaluation.chronological(ROUNDS, 0.6, 0.2);

        assertThat(s.train().size() + s.validation().size() + s.test().size()).isEqualTo(ROUNDS.size());
        assertThat(games(s.train())).hasSize((int) Math.round(GAMES * 0.6));
        assertThat(games(s.validation())).hasSize((int) Math.round(GAMES * 0.8) - (int) Math.round(GAMES * 0.6));
        assertDisjoint(s.train(), s.validation(), s.test());
        // every train round happened before every validation round, every validation round before every test round
        assertThat(maxTs(s.train())).isLessThan(minTs(s.validation()));
        assertThat(maxTs(s.validation())).isLessThan(minTs(s.test()));
        // and the last 20% is the last games in time
        List<String> order = RpsEvaluation.gamesInOrder(ROUNDS);
        assertThat(games(s.test())).containsExactlyInAnyOrderElementsOf(order.subList(order.size() - games(s.test()).size(), order.size()));
    }

    @Test
    void gameStratifiedSplitPutsEachGameOnOneSideAndIsSeeded() {
        RpsEvaluation.Split s = RpsEvaluation.byGame(ROUNDS, 0.8, 42L);

        assertThat(s.test()).isEmpty();
        assertThat(s.train().size() + s.validation().size()).isEqualTo(ROUNDS.size());
        assertThat(games(s.train())).hasSize((int) Math.round(GAMES * 0.8));
        assertDisjoint(s.train(), s.validation(), List.of());
        assertThat(RpsEvaluation.byGame(ROUNDS, 0.8, 42L)).isEqualTo(s);
        assertThat(games(RpsEvaluation.byGame(ROUNDS, 0.8, 43L).validation())).isNotEqualTo(games(s.validation()));
    }

    @Test
    void foldsPartitionTheGames() {
        List<RpsEvaluation.Split> folds = RpsEvaluation.folds(ROUNDS, 3, 7L);

        assertThat(folds).hasSize(3);
        Set<String> validated = new HashSet<>();
        for (RpsEvaluation.Split f : folds) {
            assertDisjoint(f.train(), f.validation(), List.of());
            assertThat(f.train().size() + f.validation().size()).isEqualTo(ROUNDS.size());
            Set<String> again = new HashSet<>(games(f.validation()));
            again.retainAll(validated);
            assertThat(again).as("games validated twice").isEmpty();
            validated.addAll(games(f.validation()));
        }
        assertThat(validated).hasSize(GAMES);
    }

    @Test
    void scoresAccuracyAndLogLoss() {
        double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}};
        assertThat(RpsEvaluation.logLoss(p, new int[] {0, 1})).isCloseTo((-Math.log(0.7) - Math.log(0.1)) / 2, Offset.offset(1e-12));
        assertThat(RpsEvaluation.argmax(new double[] {0.2, 0.4, 0.4})).isEqualTo(1);
    }

    private static Set<String> games(List<RpsExample> rounds) {
        return new HashSet<>(RpsEvaluation.gamesInOrder(rounds));
    }

    private static void assertDisjoint(List<RpsExample> a, List<RpsExample> b, List<RpsExample> c) {
        Set<String> ga = games(a);
        Set<String> gb = games(b);
        Set<String> gc = games(c);
        Set<String> ab = new HashSet<>(ga);
        ab.retainAll(gb);
        Set<String> ac = new HashSet<>(ga);
        ac.retainAll(gc);
        Set<String> bc = new HashSet<>(gb);
        bc.retainAll(gc);
        assertThat(ab).as("games on both sides").isEmpty();
        assertThat(ac).as("games on both sides").isEmpty();
        assertThat(bc).as("games on both sides").isEmpty();
    }

    private static long maxTs(List<RpsExample> r) {
        return r.stream().mapToLong(RpsExample::ts).max().orElseThrow();
    }

    private static long minTs(List<RpsExample> r) {
        return r.stream().mapToLong(RpsExample::ts).min().orElseThrow();
    }
}
