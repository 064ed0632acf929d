package io.hindsight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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

    @Test
    void durationsInShortAndIsoForms() {
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> DurationConverter.parse("soon")).hasMessageContaining("soon");
    }
}
