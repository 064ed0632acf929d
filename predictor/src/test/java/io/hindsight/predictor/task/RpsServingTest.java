package io.hindsight.predictor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.Task;
import io.hindsight.contracts.rps.RpsRequest;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.predictor.RpsRequests;
import org.junit.jupiter.api.Test;

class RpsServingTest {
    private final TaskServing rps = TaskServing.of(Task.RPS);

    @Test
    void aRequestCarriesItsFeaturesAndTheRouteOfTheModelThatMovesTheBot() {
        RpsRequest r = RpsRequests.request("game-1", 6, "brian", Aliases.B);

        Parsed<ServingInput> p = rps.parse(RpsRequests.json(r));

        assertThat(p.isOk()).as(p.reason()).isTrue();
        assertThat(p.value().id()).isEqualTo("game-1:6");
        assertThat(p.value().features()).hasSize(50).containsExactly(r.featureArray());
        assertThat(p.value().route()).isEqualTo(new ServingInput.Route("brian", "B"));
        assertThat(p.value().draft()).isFalse();
    }

    @Test
    void describesThreeMovesOnFiftyFeaturesRoutedPerRequest() {
        assertThat(rps.classes()).isEqualTo(3);
        assertThat(rps.featureNames()).hasSize(50);
        assertThat(rps.onnxInputShape()).containsExactly(-1, 50);
        assertThat(rps.routesPerRequest()).isTrue();
        assertThat(rps.requestsKeyedByRequestId()).isFalse();
        assertThat(TaskServing.of(Task.CALORIES).routesPerRequest()).isFalse();
        assertThat(TaskServing.of(Task.DIGITS).routesPerRequest()).isFalse();
    }

    @Test
    void classLabelsAreIndicesOrMoveNames() {
        assertThat(rps.classIndex("2")).isEqualTo(2);
        assertThat(rps.classIndex("paper")).isEqualTo(1);
        assertThat(rps.classIndex("ROCK")).isZero();
        assertThat(rps.classIndex("3")).isEqualTo(-1);
        assertThat(rps.classIndex("lizard")).isEqualTo(-1);
        assertThat(TaskServing.of(Task.DIGITS).classIndex("rock")).isEqualTo(-1);
    }
}
