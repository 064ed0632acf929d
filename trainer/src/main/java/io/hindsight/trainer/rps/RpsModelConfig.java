package io.hindsight.trainer.rps;

import java.util.Map;

/**
 * The hyperparameters and seed of one rps model. Each family has its own record; {@link #asMap()} is what a
 * model version stores as {@code provenance.config}, and {@link #fromMap} reads it back, so a model can be
 * rebuilt from its metadata alone.
 */
public sealed interface RpsModelConfig permits ForrestConfig, LoganConfig, BrianConfig {

    String family();

    long seed();

    RpsModelConfig withSeed(long seed);

    /** JSON-friendly: numbers and strings only. */
    Map<String, Object> asMap();

    /** The configuration a model version recorded under {@code provenance.config}. */
    static RpsModelConfig fromMap(String family, Map<?, ?> m) {
        return switch (family) {
            case ForrestConfig.FAMILY -> ForrestConfig.fromMap(m);
            case LoganConfig.FAMILY -> LoganConfig.fromMap(m);
            case BrianConfig.FAMILY -> BrianConfig.fromMap(m);
            default -> throw new IllegalArgumentException("unknown rps family '" + family + "'");
        };
    }

    static Number number(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("config has no number '" + key + "': " + m);
        }
        return n;
    }
}
