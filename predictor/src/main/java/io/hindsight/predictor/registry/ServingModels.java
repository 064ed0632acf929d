package io.hindsight.predictor.registry;

import io.hindsight.contracts.Aliases;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One consistent set of models: the served Production model and every other alias as a shadow. A batch
 * takes one snapshot and uses it throughout, so an alias move never splits a batch between versions.
 *
 * @param production null when no Production alias is loaded: the predictor then does not consume, unless its
 *                   task routes each request to a model of its own (rps), which ignores this split and uses
 *                   {@link #family(String)}
 */
public record ServingModels(LoadedModel production, List<LoadedModel> shadows) {
    public static final ServingModels EMPTY = new ServingModels(null, List.of());

    public ServingModels {
        shadows = List.copyOf(shadows);
    }

    /** Production of the first family (by name) serves; every other loaded model is a shadow. */
    public static ServingModels of(List<LoadedModel> loaded) {
        List<LoadedModel> sorted = new ArrayList<>(loaded);
        sorted.sort(Comparator.comparingInt((LoadedModel m) -> aliasRank(m.alias())).thenComparing(LoadedModel::family));
        if (sorted.isEmpty() || !Aliases.PRODUCTION.equals(sorted.get(0).alias())) {
            return new ServingModels(null, sorted);
        }
        return new ServingModels(sorted.get(0), sorted.subList(1, sorted.size()));
    }

    /** Every loaded model, Production first, then by alias rank and family. */
    public List<LoadedModel> all() {
        if (production == null) {
            return shadows;
        }
        List<LoadedModel> all = new ArrayList<>(size());
        all.add(production);
        all.addAll(shadows);
        return all;
    }

    /** The loaded aliases of one family in alias order (Production, B, shadow1, shadow2): for per-request routing. */
    public List<LoadedModel> family(String family) {
        return all().stream().filter(m -> m.family().equals(family)).toList();
    }

    public int size() {
        return shadows.size() + (production == null ? 0 : 1);
    }

    private static int aliasRank(String alias) {
        int i = Aliases.ALL.indexOf(alias);
        return i < 0 ? Aliases.ALL.size() : i;
    }
}
