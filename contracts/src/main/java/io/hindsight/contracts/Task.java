package io.hindsight.contracts;

import java.util.Locale;

/** The live workloads. Each task owns a requests/predictions/feedback/scored/orphans topic family. */
public enum Task {
    CALORIES, DIGITS, RPS;

    /** The lower-case name used in topic names, URLs and metric tags. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Task fromId(String id) {
        for (Task t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + id + "' (known: calories, digits, rps)");
    }
}
