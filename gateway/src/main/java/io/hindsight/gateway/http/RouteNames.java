package io.hindsight.gateway.http;

import java.util.List;
import java.util.Set;

/**
 * The {@code route} tag of a request: its path when it is one of the gateway's routes, the template when it
 * matches a templated route ({@code /v1/models/{version}}: a segment in braces matches any one segment), else
 * {@value #UNMATCHED}, so a scan of random paths cannot blow up the number of series.
 */
public final class RouteNames {
    public static final String UNMATCHED = "unmatched";

    private final Set<String> known;
    private final List<String[]> templates;

    public RouteNames(Set<String> known) {
        this.known = Set.copyOf(known);
        this.templates = known.stream().filter(p -> p.contains("{")).map(p -> p.split("/", -1)).toList();
    }

    public String of(String path) {
        if (known.contains(path)) {
            return path;
        }
        if (!templates.isEmpty()) {
            String[] segments = path.split("/", -1);
            for (String[] t : templates) {
                if (matches(t, segments)) {
                    return String.join("/", t);
                }
            }
        }
        return UNMATCHED;
    }

    private static boolean matches(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean variable = template[i].startsWith("{") && template[i].endsWith("}");
            if (variable ? segments[i].isEmpty() : !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    public Set<String> all() {
        return known;
    }
}
