package io.hindsight.contracts;

import java.util.List;

/** Alias names. Production serves; B is the challenger; shadows are predicted and scored, never served. */
public final class Aliases {
    public static final String PRODUCTION = "Production";
    public static final String B = "B";
    public static final String SHADOW1 = "shadow1";
    public static final String SHADOW2 = "shadow2";
    public static final List<String> ALL = List.of(PRODUCTION, B, SHADOW1, SHADOW2);

    private Aliases() {
    }
}
