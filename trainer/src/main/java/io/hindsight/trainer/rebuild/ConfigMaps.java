package io.hindsight.trainer.rebuild;

import java.util.Map;

/** Reads a trainer configuration back from a model version's provenance ("config", as JSON gave it back). */
final class ConfigMaps {
    private final Map<?, ?> map;
    private final String version;

    ConfigMaps(Map<?, ?> map, String version) {
        this.map = map;
        this.version = version;
    }

    static ConfigMaps of(Map<String, Object> provenance, String version) {
        Object config = provenance.get("config");
        if (!(config instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(version + " has no trainer configuration in its provenance: it was not "
                    + "trained by Hindsight (uploaded?) and cannot be rebuilt");
        }
        return new ConfigMaps(m, version);
    }

    private Number number(String key) {
        Object v = map.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(version + ": provenance config has no number '" + key + "'");
        }
        return n;
    }

    int integer(String key) {
        return number(key).intValue();
    }

    long longValue(String key) {
        return number(key).longValue();
    }

    double real(String key) {
        return number(key).doubleValue();
    }
}
