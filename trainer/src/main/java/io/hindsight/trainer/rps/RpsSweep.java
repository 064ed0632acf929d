package io.hindsight.trainer.rps;

import io.hindsight.contracts.Aliases;
import java.util.List;
import java.util.Map;

/**
 * Each alias of a family gets its own configuration, as RPS Quest's config sweep does: Production a solid
 * middle, B a plausible challenger, the shadows the edges (bigger/smaller, faster/slower), each with its own
 * seed. Sized for a 2-core first start: the whole 12-model sweep with its evaluation runs in well under a minute.
 */
public final class RpsSweep {
    private static final Map<String, ForrestConfig> FORREST = Map.of(
            Aliases.PRODUCTION, new ForrestConfig(60, 4, 0.1, 0.8, 0.8, 1.0, 101L, 2),
            Aliases.B, new ForrestConfig(100, 3, 0.08, 0.9, 0.6, 1.0, 202L, 2),
            Aliases.SHADOW1, new ForrestConfig(40, 6, 0.2, 0.7, 1.0, 1.0, 303L, 2),
            Aliases.SHADOW2, new ForrestConfig(80, 5, 0.05, 0.8, 0.5, 3.0, 404L, 2));
    private static final Map<String, LoganConfig> LOGAN = Map.of(
            Aliases.PRODUCTION, new LoganConfig("adagrad", 0.5, 10, 32, 101L),
            Aliases.B, new LoganConfig("adagrad", 1.0, 15, 64, 202L),
            Aliases.SHADOW1, new LoganConfig("adagrad", 0.1, 20, 16, 303L),
            Aliases.SHADOW2, new LoganConfig("sgd", 0.05, 15, 32, 404L));
    private static final Map<String, BrianConfig> BRIAN = Map.of(
            Aliases.PRODUCTION, new BrianConfig(64, 32, 20, 256, 0.003, 3, 101L, 2),
            Aliases.B, new BrianConfig(128, 64, 20, 256, 0.002, 3, 202L, 2),
            Aliases.SHADOW1, new BrianConfig(32, 16, 20, 256, 0.01, 3, 303L, 2),
            Aliases.SHADOW2, new BrianConfig(64, 32, 25, 128, 0.001, 4, 404L, 2));

    private RpsSweep() {
    }

    /** The configuration the alias is trained with. */
    public static RpsModelConfig config(String family, String alias) {
        Map<String, ? extends RpsModelConfig> byAlias = switch (family) {
            case ForrestConfig.FAMILY -> FORREST;
            case LoganConfig.FAMILY -> LOGAN;
            case BrianConfig.FAMILY -> BRIAN;
            default -> throw new IllegalArgumentException("unknown rps family '" + family + "'");
        };
        RpsModelConfig c = byAlias.get(alias);
        if (c == null) {
            throw new IllegalArgumentException("unknown alias '" + alias + "' (known: " + Aliases.ALL + ")");
        }
        return c;
    }

    public static List<String> aliases() {
        return Aliases.ALL;
    }
}
