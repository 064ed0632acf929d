package io.hindsight.gateway.http;

import java.util.Set;

/**
 * The {@code route} tag of a request: its path when it is one of the gateway's routes, else
 * {@value #UNMATCHED}, so a scan of random paths cannot blow up the number of series.
 */
public final class RouteNames {
    public static final String UNMATCHED = "unmatched";

    private final Set<String> known;

    public RouteNames(Set<String> known) {
        this.known = Set.copyOf(known);
    }

    public String of(String path) {
        return known.contains(path) ? path : UNMATCHED;
    }

    public Set<String> all() {
        return known;
    }
}
