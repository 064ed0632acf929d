package io.hindsight.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/**
 * Durations as people type them: ISO-8601 ({@code PT5M}) or unit suffixes that may be combined and fractional
 * ({@code 250ms}, {@code 300s}, {@code 5m}, {@code 1h30m}, {@code 1.5s}, {@code 2d}); {@code 0} alone is zero.
 * A bare number other than 0 is refused: "5" could mean seconds or minutes.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|s|m|h|d)");
    private static final BigDecimal NANOS_PER_MS = BigDecimal.valueOf(1_000_000L);

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration (use e.g. 250ms, 30s, 5m, 1h30m or PT5M)");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.startsWith("p") || s.startsWith("-p") || s.startsWith("+p")) {
            try {
                return nonNegative(Duration.parse(s.toUpperCase(Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration: '" + text + "'");
            }
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("not a duration: '" + text
                        + "' (use e.g. 250ms, 30s, 5m, 1h30m or PT5M; a number needs a unit)");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unitNanos(m.group(2))));
            at = m.end();
        }
        try {
            return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too long: '" + text + "'");
        }
    }

    /** Short form for messages: 5m, 25s, 1h30m, 250ms, 1.5s. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        int seconds = d.toSecondsPart();
        int nanos = d.toNanosPart();
        if (nanos == 0) {
            if (seconds > 0) {
                sb.append(seconds).append('s');
            }
        } else if (seconds > 0 || sb.length() > 0) {
            sb.append(BigDecimal.valueOf(seconds * 1_000_000_000L + nanos, 9).stripTrailingZeros().toPlainString()).append('s');
        } else {
            sb.append(BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString()).append("ms");
        }
        return sb.toString();
    }

    private static BigDecimal unitNanos(String unit) {
        return switch (unit) {
            case "us" -> BigDecimal.valueOf(1_000L);
            case "ms" -> NANOS_PER_MS;
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            default -> BigDecimal.valueOf(86_400_000_000_000L);
        };
    }

    private static Duration nonNegative(Duration d, String text) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration: '" + text + "'");
        }
        return d;
    }

    /** picocli converter for every duration option. */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parse(value);
        }
    }
}
