package io.hindsight.promotion;

import io.hindsight.contracts.model.AliasAssignment;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alias assignments as the promotion role must see them: the {@code model-aliases} view, overlaid with
 * the moves this role just committed until the view has read them back. Without the overlay an evaluation
 * right after a promotion would see the old holders, find the old evidence still decisive and swap again.
 * A later assignment by anyone else (a newer {@code setAt} on the view) wins over the overlay.
 */
final class AliasTable {
    private final Map<String, AliasAssignment> ownWrites = new ConcurrentHashMap<>();

    void wrote(AliasAssignment a) {
        ownWrites.put(a.key(), a);
    }

    /** family -&gt; alias -&gt; version for one task, sorted by family, from the view's snapshot and our writes. */
    Map<String, Map<String, String>> families(String task, Map<String, AliasAssignment> view) {
        Map<String, AliasAssignment> merged = new java.util.HashMap<>(view);
        ownWrites.values().removeIf(own -> {
            AliasAssignment seen = view.get(own.key());
            return seen != null && seen.setAt() >= own.setAt(); // the view has caught up (or been overtaken)
        });
        ownWrites.forEach(merged::put);
        Map<String, Map<String, String>> families = new TreeMap<>();
        for (AliasAssignment a : merged.values()) {
            if (task.equals(a.task()) && a.family() != null && a.alias() != null && a.version() != null) {
                families.computeIfAbsent(a.family(), f -> new TreeMap<>()).put(a.alias(), a.version());
            }
        }
        return families;
    }
}
