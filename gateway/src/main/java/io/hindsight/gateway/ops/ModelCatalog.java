package io.hindsight.gateway.ops;

import java.util.List;

/** The served models as /info lists them: every alias with its model version. Must not block. */
@FunctionalInterface
public interface ModelCatalog {
    List<ModelInfo> models();

    static ModelCatalog empty() {
        return List::of;
    }
}
