package io.hindsight.app;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The roles one jar can run (Loki's single-binary idea): {@code all}, or any list of single roles.
 * The broker is not a role: it is embedded when no --bootstrap-servers is given.
 */
public enum RoleName {
    GATEWAY("gateway"),
    PREDICTOR("predictor"),
    FEEDBACK_JOINER("feedback-joiner"),
    /** Kafka Streams beside the main flow: rps game state, drift of live requests, estimates before labels. */
    STREAM_PROCESSORS("stream-processors"),
    /** First-start models, and retraining on a policy: challengers published as B. */
    TRAINER("trainer"),
    /** Challenger against Production on the online metrics; every decision on the promotions ledger. */
    PROMOTION("promotion");

    private final String id;

    RoleName(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses "all" or a comma-separated list; an unknown name fails fast with the known ones. */
    public static Set<RoleName> parse(String spec) {
        Set<RoleName> roles = EnumSet.noneOf(RoleName.class);
        for (String raw : spec.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                roles.addAll(EnumSet.allOf(RoleName.class));
                continue;
            }
            RoleName found = null;
            for (RoleName r : values()) {
                if (r.id.equals(name)) {
                    found = r;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown role '" + name + "'; known: all, gateway, predictor, feedback-joiner, stream-processors, trainer, promotion");
            }
            roles.add(found);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("no role given");
        }
        return roles;
    }
}
