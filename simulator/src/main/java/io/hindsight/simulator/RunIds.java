package io.hindsight.simulator;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids, unique within a run and across runs. Text ids are {@code <prefix><n>} (the prefix defaults to a
 * run id such as {@code rmhx3k2a1q7-}); number ids are {@code <start> + n}, for servers that take integers only,
 * like the seed-004 peer (pydantic {@code id: int}). The default start is the run's epoch second times 10^9, so
 * runs that start in different seconds never collide while each sends fewer than 10^9 records.
 */
public final class RunIds {
    public static final long NUMBER_SLOT = 1_000_000_000L;

    private final String prefix;
    private final long start;

    private RunIds(String prefix, long start) {
        this.prefix = prefix;
        this.start = start;
    }

    public static RunIds text(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null");
        }
        return new RunIds(prefix, 0);
    }

    public static RunIds number(long start) {
        if (start < 0) {
            throw new IllegalArgumentException("number ids start at >= 0, got " + start);
        }
        return new RunIds(null, start);
    }

    /** A fresh run id prefix: 'r', the start time in base 36 and two random characters, then '-'. */
    public static String newRunPrefix(Instant now) {
        String rnd = Integer.toString(36 + ThreadLocalRandom.current().nextInt(36 * 36 - 36), 36);
        return "r" + Long.toString(now.toEpochMilli(), 36) + rnd + "-";
    }

    public static long defaultNumberStart(Instant now) {
        return now.getEpochSecond() * NUMBER_SLOT;
    }

    public boolean isNumeric() {
        return prefix == null;
    }

    /** The id of send n, as it goes into JSON: a String, or a Long for number ids. */
    public Object id(long n) {
        return prefix == null ? (Object) (start + n) : prefix + n;
    }

    /** The id of send n as text: the Kafka key, and how logs and tests name it. */
    public String key(long n) {
        return prefix == null ? Long.toString(start + n) : prefix + n;
    }

    public String describe() {
        return prefix == null ? "numbers from " + start : "'" + prefix + "<n>'";
    }
}
