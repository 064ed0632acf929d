package io.hindsight.app;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Accepts ISO-8601 (PT1H) or the short forms 500ms, 30s, 5m, 1h, 2d. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.trim();
        if (v.startsWith("P") || v.startsWith("p")) {
            return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + value + "' (use 500ms, 30s, 5m, 1h, 2d or PT1H)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
