package io.hindsight.trainer.rps;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsFeatures;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.rps.players.ScriptedPlayer;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RpsSyntheticGamesTest {

    @Test
    void sameSeedSameRecordsOtherSeedOtherGames() {
        List<RpsExample> a = RpsSyntheticGames.generate(4, 11L);
        List<RpsExample> b = RpsSyntheticGames.generate(4, 11L);
        List<RpsExample> c = RpsSyntheticGames.generate(4, 12L);

        assertThat(a).isEqualTo(b);
        assertThat(c.stream().map(RpsExample::move).toList()).isNotEqualTo(a.stream().map(RpsExample::move).toList());
    }

    @Test
    void everyPlayerPlaysWholeGamesAsSyntheticSource() {
        List<RpsExample> rounds = RpsSyntheticGames.generate(3, 5L);
        Map<String, List<RpsExample>> byGame = rounds.stream().collect(Collectors.groupingBy(RpsExample::gameId));

        assertThat(byGame).hasSize(3 * ScriptedPlayer.ALL.size());
        assertThat(rounds).allSatisfy(r -> {
            assertThat(r.source()).isEqualTo(RpsSyntheticGames.SOURCE);
            assertThat(r.features()).hasSize(RpsFeatures.COUNT);
            assertThat(r.family()).isIn(RpsRules.FAMILIES);
        });
        assertThat(rounds.stream().map(RpsExample::player).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(ScriptedPlayer.ALL.stream().map(ScriptedPlayer::name).toList());
        byGame.values().forEach(g -> {
            assertThat(g.stream().map(RpsExample::round).toList()).startsWith(1, 2, 3); // gambit rounds are written too
            assertThat(g.get(g.size() - 1).round()).isEqualTo(g.size());
        });
        // players take turns game by game, so a chronological slice holds every player
        assertThat(rounds.subList(0, rounds.size() / 3).stream().map(RpsExample::player).distinct()).hasSize(ScriptedPlayer.ALL.size());
    }

    @Test
    void cyclerGamesCycleAndTimestampsIncrease() {
        List<RpsExample> rounds = RpsSyntheticGames.generate(List.of(ScriptedPlayer.CYCLER), 2, 1L);

        for (RpsExample r : rounds) {
            assertThat(r.label()).isEqualTo((r.round() - 1) % 3);
        }
        for (int i = 1; i < rounds.size(); i++) {
            assertThat(rounds.get(i).ts()).isGreaterThan(rounds.get(i - 1).ts());
        }
    }

    @Test
    void recordsPassTheRoundsSchema() {
        for (RpsExample r : RpsSyntheticGames.generate(1, 3L).subList(0, 20)) {
            byte[] json = Topics.RPS_ROUNDS.valueSerde().serializer().serialize(Topics.RPS_ROUNDS.name(), r);
            Parsed<RpsExample> parsed = RpsDataset.READER.read(json);
            assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
            assertThat(parsed.value()).isEqualTo(r);
        }
    }
}
