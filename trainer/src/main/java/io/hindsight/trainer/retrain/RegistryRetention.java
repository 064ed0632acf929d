package io.hindsight.trainer.retrain;

import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which retrained versions leave the registry when a family gets a new one. Without this the registry only grew:
 * every challenger (one per N feedback records) stayed on {@code models} and its bytes and DLE nanny on
 * {@code model-artifacts}, and every registry view (each predictor, the drift monitor's global stores) kept them
 * all in memory: ~1 MB per calories retrain per view, found by the 2026-11-24 soak as heap growing without a plateau.
 *
 * <p>Kept: every version an alias names, the newest {@code keepNewest} of the family (a rollback target), every
 * uploaded model (a person's to delete), and every artifact a kept version still refers to (content-addressed bytes
 * may be shared). The rest of the family's versions retire: metadata and bytes get tombstones, so compaction
 * deletes them and every view drops them. Their provenance stays in the promotions ledger and the scored records,
 * which name them.
 */
record RegistryRetention(int keepNewest) {
    static final RegistryRetention DEFAULT = new RegistryRetention(5);
    /** Provenance of a model a person uploaded through the gateway ({@code ModelUploadHandler}). */
    static final String UPLOAD_SOURCE = "upload";

    RegistryRetention {
        if (keepNewest < 1) {
            throw new IllegalArgumentException("keep at least the newest version, not " + keepNewest);
        }
    }

    /** What to delete: versions (keys on {@code models}) and artifacts (sha256 keys on {@code model-artifacts}). */
    record Retirement(List<String> versions, Set<String> artifacts) {
        boolean isEmpty() {
            return versions.isEmpty() && artifacts.isEmpty();
        }
    }

    /**
     * @param task     the task of the family that just got {@code published}
     * @param family   that family
     * @param versions every version the registry holds (the just-published one may be missing: views lag)
     * @param aliases  every alias assignment as it stands after the publish
     */
    Retirement retire(String task, String family, ModelVersion published, Collection<ModelVersion> versions,
                      Collection<AliasAssignment> aliases) {
        Map<String, ModelVersion> all = new LinkedHashMap<>();
        versions.forEach(v -> all.put(v.version(), v));
        all.put(published.version(), published);
        Set<String> aliased = new HashSet<>();
        aliases.forEach(a -> aliased.add(a.version()));

        List<ModelVersion> ofFamily = all.values().stream()
                .filter(v -> task.equals(v.task()) && family.equals(v.family()))
                .sorted(Comparator.comparingLong(ModelVersion::createdAt).thenComparing(ModelVersion::version).reversed())
                .toList();
        List<ModelVersion> retiring = new ArrayList<>();
        for (int i = keepNewest; i < ofFamily.size(); i++) {
            ModelVersion v = ofFamily.get(i);
            if (!aliased.contains(v.version()) && !uploaded(v)) {
                retiring.add(v);
            }
        }
        Set<String> retiringNames = new HashSet<>();
        retiring.forEach(v -> retiringNames.add(v.version()));
        Set<String> stillNeeded = new HashSet<>();
        for (ModelVersion v : all.values()) {
            if (!retiringNames.contains(v.version())) {
                stillNeeded.addAll(artifacts(v));
            }
        }
        Set<String> artifacts = new TreeSet<>();
        for (ModelVersion v : retiring) {
            for (String sha : artifacts(v)) {
                if (!stillNeeded.contains(sha)) {
                    artifacts.add(sha);
                }
            }
        }
        return new Retirement(retiring.stream().map(ModelVersion::version).toList(), artifacts);
    }

    private static boolean uploaded(ModelVersion v) {
        return UPLOAD_SOURCE.equals(v.provenance().get("source"));
    }

    /** The model's bytes and its DLE nanny's, when it has one. */
    private static List<String> artifacts(ModelVersion v) {
        List<String> shas = new ArrayList<>(2);
        if (v.artifactSha256() != null) {
            shas.add(v.artifactSha256());
        }
        if (v.performance() != null && v.performance().hasDle()) {
            shas.add(v.performance().dleArtifactSha256());
        }
        return shas;
    }
}
