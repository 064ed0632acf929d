package io.hindsight.gateway;

import io.hindsight.contracts.role.Role;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What /readyz reports besides the gateway's own checks: one named check per role running in this process.
 * Called on every /readyz and /info, from an HTTP thread: must be cheap and must not block.
 */
@FunctionalInterface
public interface Readiness {

    /** Check name to whether it passes. */
    Map<String, Boolean> checks();

    /** No checks: a process that runs only the gateway. */
    static Readiness none() {
        return Map::of;
    }

    /** One check per role, named after it, passing while the role is ready and has not failed. */
    static Readiness of(Collection<? extends Role> roles) {
        return () -> {
            Map<String, Boolean> checks = new LinkedHashMap<>();
            for (Role r : roles) {
                checks.put(r.name(), r.failure() == null && r.isReady());
            }
            return checks;
        };
    }
}
