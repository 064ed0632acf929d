package io.hindsight.drift;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What one stream processor reads of the registry's global stores, deserialized once per registry change.
 * Why: the in-memory global stores keep JSON bytes, so every {@code get} parsed a whole {@link ModelVersion}
 * (the reference bins of every feature, provenance): three per calories request, the largest part of the drift
 * role's time. The stores' updaters bump {@code changes} after every write; a view forgets what it holds when
 * it sees a new count, so a new model or alias is seen at the next record, as before.
 */
final class RegistryView {
    /** Versions named by predictions are the client's to choose; a few live ones are normal, more are forgotten. */
    static final int MAX_VERSIONS = 256;

    private final AtomicLong changes;
    private long seen = Long.MIN_VALUE;
    private final Map<String, Optional<ModelVersion>> versions = new HashMap<>();
    private final Map<String, Optional<ModelVersion>> production = new HashMap<>();
    private KeyValueStore<String, AliasAssignment> aliases;
    private KeyValueStore<String, ModelVersion> models;

    RegistryView(AtomicLong changes) {
        this.changes = changes;
    }

    void init(ProcessingContext context) {
        this.aliases = context.getStateStore(RegistryStores.ALIASES_STORE);
        this.models = context.getStateStore(RegistryStores.MODELS_STORE);
    }

    /** The version's metadata, or null when it has not arrived (or never will). */
    ModelVersion version(String version) {
        fresh();
        if (version == null) {
            return null;
        }
        Optional<ModelVersion> v = versions.get(version);
        if (v == null) {
            if (versions.size() >= MAX_VERSIONS) {
                versions.clear();
            }
            v = Optional.ofNullable(models.get(version));
            versions.put(version, v);
        }
        return v.orElse(null);
    }

    /** As {@link RegistryStores#production}. */
    ModelVersion production(String task) {
        fresh();
        return production.computeIfAbsent(task, t -> Optional.ofNullable(RegistryStores.production(aliases, models, t)))
                .orElse(null);
    }

    private void fresh() {
        long now = changes.get();
        if (now != seen) {
            versions.clear();
            production.clear();
            seen = now;
        }
    }
}
