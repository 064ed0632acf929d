package io.hindsight.predictor.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServingModelsTest {
    @Test
    void productionServesAndEveryOtherAliasIsAShadowInAliasOrder() {
        LoadedModel prod = model("Production", "v1");
        LoadedModel s2 = model("shadow2", "v4");
        LoadedModel b = model("B", "v2");
        LoadedModel s1 = model("shadow1", "v3");

        ServingModels m = ServingModels.of(List.of(s2, prod, s1, b));

        assertThat(m.production()).isSameAs(prod);
        assertThat(m.shadows()).containsExactly(b, s1, s2);
        assertThat(m.size()).isEqualTo(4);
    }

    @Test
    void withoutProductionNothingIsServed() {
        ServingModels m = ServingModels.of(List.of(model("shadow1", "v3")));

        assertThat(m.production()).isNull();
        assertThat(m.size()).isEqualTo(1);
        assertThat(ServingModels.EMPTY.size()).isZero();
    }

    private static LoadedModel model(String alias, String version) {
        return new LoadedModel("xgboost", alias, version, null);
    }
}
