package io.hindsight.app;

import io.hindsight.contracts.model.TrainingRange;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code --from TOPIC:PARTITION:START-END} (offsets [START, END), as a model's provenance records them). */
final class TrainingRanges {
    private static final Pattern SPEC = Pattern.compile("([A-Za-z0-9._-]+):(\\d+):(\\d+)-(\\d+)");

    private TrainingRanges() {
    }

    static List<TrainingRange> parse(List<String> specs) {
        List<TrainingRange> out = new ArrayList<>();
        for (String spec : specs) {
            Matcher m = SPEC.matcher(spec.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--from '" + spec + "' is not TOPIC:PARTITION:START-END, e.g. digits.training:0:0-70001");
            }
            long start = Long.parseLong(m.group(3));
            long end = Long.parseLong(m.group(4));
            if (end <= start) {
                throw new IllegalArgumentException("--from '" + spec + "': END must be after START (offsets [START, END))");
            }
            out.add(new TrainingRange(m.group(1), Integer.parseInt(m.group(2)), start, end));
        }
        return List.copyOf(out);
    }
}
