package io.hindsight.trainer;

import java.time.Duration;
import java.util.List;

/**
 * What {@link FirstStartTraining} did.
 *
 * @param trained   false when a calories Production alias already existed and nothing was done
 * @param published model versions published, Production first (empty when nothing was trained)
 * @param took      wall time including reading the alias topic
 */
public record FirstStartResult(boolean trained, List<String> published, Duration took) {
    public FirstStartResult {
        published = List.copyOf(published);
    }
}
