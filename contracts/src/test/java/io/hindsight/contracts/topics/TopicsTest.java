package io.hindsight.contracts.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void namesAreUniqueAndEverySchemaExists() {
        Set<String> names = new HashSet<>();
        for (Topic<?, ?> t : Topics.all()) {
            assertThat(names.add(t.name())).as("duplicate topic " + t.name()).isTrue();
            assertThat(t.partitions()).isPositive();
            assertThat(t.config()).containsKey("cleanup.policy");
            if (t.schema() != null) {
                assertThat(TopicsTest.class.getResource("/schemas/" + t.schema())).as(t.schema()).isNotNull();
            }
        }
        assertThat(names).contains("calories.requests", "calories.requests.dlq", "calories.predictions", "calories.predictions.dlq",
                "calories.feedback", "calories.feedback.dlq", "calories.scored", "calories.orphans",
                "metrics.rolling", "models", "model-artifacts", "model-aliases");
    }

    @Test
    void requestsAndPredictionsAreCoPartitioned() {
        TaskTopics c = Topics.calories();
        assertThat(c.predictions().partitions()).isEqualTo(c.requests().partitions());
        assertThat(c.feedback().partitions()).isEqualTo(c.requests().partitions());
    }
}
