package io.hindsight.deploy;

import java.util.ArrayList;
import java.util.List;

/** Every disagreement a check finds, reported together (one failing run shows them all). */
final class Problems {
    private final String check;
    private final List<String> found = new ArrayList<>();

    Problems(String check) {
        this.check = check;
    }

    void add(String problem) {
        found.add(problem);
    }

    void check() {
        if (!found.isEmpty()) {
            throw new AssertionError(check + ": " + found.size() + " problem(s)\n  - " + String.join("\n  - ", found));
        }
    }
}
