package io.hindsight.gateway.ops;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.model.TrainingRange;
import java.util.List;
import java.util.Map;

/**
 * One alias and the model version it points at, as /info shows it. The version's fields are null while
 * {@code models} has no record of it yet.
 */
public record ModelInfo(String task, String family, String alias, String version, long setAt, String reason,
                        Long createdAt, String format, Map<String, Double> metrics, Map<String, Object> provenance,
                        List<TrainingRange> trainingRanges, String codeVersion) {

    public static ModelInfo of(AliasAssignment a, ModelVersion v) {
        if (v == null) {
            return new ModelInfo(a.task(), a.family(), a.alias(), a.version(), a.setAt(), a.reason(),
                    null, null, null, null, null, null);
        }
        return new ModelInfo(a.task(), a.family(), a.alias(), a.version(), a.setAt(), a.reason(),
                v.createdAt(), v.format(), v.metrics(), v.provenance(), v.trainingRanges(), v.codeVersion());
    }
}
