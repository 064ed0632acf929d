package io.hindsight.gateway.models;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import java.util.Map;

/**
 * The registry as read from the compacted {@code models} and {@code model-aliases} topics (read_committed).
 * Must not block: answers from memory.
 */
public interface ModelRegistry {

    /** Every model version by version; empty before the topics were read. */
    Map<String, ModelVersion> versions();

    /** Every alias assignment by {@link AliasAssignment#key()}; empty before the topics were read. */
    Map<String, AliasAssignment> aliases();

    /** One version, or null when the registry has no record of it. */
    default ModelVersion version(String version) {
        return versions().get(version);
    }

    /** True once both topics have been read to the end they had when reading started. */
    boolean isCaughtUp();

    /** A registry that never read anything (the process does not run the gateway role, tests). */
    static ModelRegistry empty() {
        return new ModelRegistry() {
            @Override
            public Map<String, ModelVersion> versions() {
                return Map.of();
            }

            @Override
            public Map<String, AliasAssignment> aliases() {
                return Map.of();
            }

            @Override
            public boolean isCaughtUp() {
                return false;
            }
        };
    }
}
