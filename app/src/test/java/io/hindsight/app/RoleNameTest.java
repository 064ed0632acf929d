package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RoleNameTest {

    @Test
    void allMeansEveryRoleAndListsCombine() {
        assertThat(RoleName.parse("all")).isEqualTo(EnumSet.allOf(RoleName.class));
        assertThat(RoleName.parse("gateway, predictor")).containsExactlyInAnyOrder(RoleName.GATEWAY, RoleName.PREDICTOR);
        assertThat(RoleName.parse("feedback-joiner")).containsExactly(RoleName.FEEDBACK_JOINER);
    }

    @Test
    void unknownRolesFailFastNamingTheKnownOnes() {
        assertThatThrownBy(() -> RoleName.parse("gateway,querier"))
                .hasMessageContaining("querier").hasMessageContaining("feedback-joiner");
        assertThatThrownBy(() -> RoleName.parse(" , ")).hasMessageContaining("no role");
    }
}
