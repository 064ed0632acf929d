package io.hindsight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hindsight.contracts.calories.CaloriesFeedback;
import io.hindsight.contracts.calories.CaloriesGenerator;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.json.Json;
import io.hindsight.contracts.schema.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WireJsonTest {

    @Test
    void requestBodiesMatchTheContractSchemaWithTextAndNumberIds() {
        CaloriesRecord r = new CaloriesGenerator(7).next().record();
        Parsed<CaloriesRecord> text = CaloriesWire.REQUEST.read(WireJson.request("run1-0", r));
        assertThat(text.isOk()).as(text.reason()).isTrue();
        assertThat(text.value()).isEqualTo(r.withId("run1-0"));

        byte[] numeric = WireJson.request(1_795_000_000_000_000_042L, r);
        Parsed<CaloriesRecord> number = CaloriesWire.REQUEST.read(numeric);
        assertThat(number.isOk()).as(number.reason()).isTrue();
        JsonNode tree = Json.tree(numeric);
        assertThat(tree.get("id").isIntegralNumber()).isTrue();
        assertThat(tree.get("id").asLong()).isEqualTo(1_795_000_000_000_000_042L);
        assertThat(tree.propertyNames()).containsExactly("id", "Sex", "Age", "Height", "Weight", "Duration", "Heart_Rate", "Body_Temp");
    }

    @Test
    void feedbackBodiesMatchTheContractSchemaWithPlainEpochSeconds() {
        byte[] body = WireJson.feedback("run1-3", 144.29, 1_795_444_349_123L);
        Parsed<CaloriesFeedback> parsed = CaloriesWire.FEEDBACK.read(body);
        assertThat(parsed.isOk()).as(parsed.reason()).isTrue();
        assertThat(parsed.value()).isEqualTo(new CaloriesFeedback("run1-3", 144.29, 1_795_444_349.123));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"run1-3\",\"Calories\":144.29,\"ts\":1795444349.123}");
    }

    @Test
    void runIdsAreUniqueAndShaped() {
        RunIds text = RunIds.text("p-");
        assertThat(text.id(7)).isEqualTo("p-7");
        assertThat(text.key(7)).isEqualTo("p-7");
        RunIds number = RunIds.number(RunIds.defaultNumberStart(Instant.ofEpochSecond(1_795_444_349L)));
        assertThat(number.id(7)).isEqualTo(1_795_444_349_000_000_007L);
        assertThat(number.key(7)).isEqualTo("1795444349000000007");
        String prefix = RunIds.newRunPrefix(Instant.ofEpochMilli(1_795_444_349_123L));
        assertThat(prefix).matches("r[0-9a-z]{10}-");
    }
}
