package io.hindsight.contracts.topics;

import java.time.Duration;
import java.util.Map;

/** Topic configurations by policy, as DESIGN.md's topic table gives them. */
public final class Retention {
    private Retention() {
    }

    public static Map<String, String> days(int days) {
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(Duration.ofDays(days).toMillis()));
    }

    public static Map<String, String> forever() {
        return Map.of("cleanup.policy", "delete", "retention.ms", "-1");
    }

    public static Map<String, String> compact() {
        return Map.of("cleanup.policy", "compact");
    }

    public static Map<String, String> compactAndDelete(int days) {
        return Map.of("cleanup.policy", "compact,delete", "retention.ms", Long.toString(Duration.ofDays(days).toMillis()));
    }
}
