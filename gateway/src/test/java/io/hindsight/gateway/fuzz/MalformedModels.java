package io.hindsight.gateway.fuzz;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of model uploads the upload route must refuse: garbage, a valid model cut short or with its
 * header overwritten, nothing, a file over the limit, a valid model declared as something else, or a valid model
 * with a bad family or alias. The same seed gives the same cases.
 */
public final class MalformedModels {
    public static final String OCTETS = "application/octet-stream";

    public enum Kind { RANDOM_BYTES, EMPTY, TRUNCATED, CORRUPTED_HEADER, OVERSIZED, WRONG_CONTENT_TYPE, BAD_PARAMETERS }

    /** An upload: the query (family and alias), the bytes and the Content-Type (null: none). */
    public record Case(Kind kind, String query, byte[] body, String contentType) {
        @Override
        public String toString() {
            return kind + " ?" + query + " " + contentType + " (" + body.length + " bytes)";
        }
    }

    private static final String GOOD_QUERY = "family=fuzz&alias=B";
    private static final String[] BAD_QUERIES = {"", "family=fuzz", "alias=B", "family=Fuzz&alias=B",
        "family=fuzz&alias=b", "family=" + "f".repeat(40) + "&alias=B", "family=fu%20zz&alias=B", "family=&alias=",
        "family=%00&alias=B", "family=1abc&alias=shadow9", "family=fuzz&alias=Production%0A"};
    private static final String[] WRONG_TYPES = {"application/json", "text/plain", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "garbage", "application/", "image/png"};

    private final byte[] valid;
    private final int maxBytes;
    private final Random random;
    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);

    /**
     * @param valid    a model the route accepts
     * @param maxBytes the route's limit
     */
    public MalformedModels(byte[] valid, int maxBytes, long seed) {
        this.valid = valid.clone();
        this.maxBytes = maxBytes;
        this.random = new Random(seed);
    }

    public Map<Kind, Integer> counts() {
        return Map.copyOf(counts);
    }

    public Case next() {
        int r = random.nextInt(100);
        // oversized files are few: each is a round trip of up to twice the limit
        Kind kind = r < 3 ? Kind.OVERSIZED : r < 5 ? Kind.EMPTY
                : Kind.values()[new int[] {0, 2, 3, 5, 6}[random.nextInt(5)]];
        counts.merge(kind, 1, Integer::sum);
        return switch (kind) {
            case RANDOM_BYTES -> new Case(kind, GOOD_QUERY, randomBytes(1 + random.nextInt(random.nextInt(10) == 0
                    ? maxBytes : 4096)), OCTETS);
            case EMPTY -> new Case(kind, GOOD_QUERY, new byte[0], OCTETS);
            case TRUNCATED -> new Case(kind, GOOD_QUERY, Arrays.copyOf(valid, random.nextInt(valid.length)), OCTETS);
            case CORRUPTED_HEADER -> {
                byte[] b = valid.clone();
                byte[] junk = randomBytes(8 + random.nextInt(56));
                System.arraycopy(junk, 0, b, 0, junk.length);
                yield new Case(kind, GOOD_QUERY, b, OCTETS);
            }
            case OVERSIZED -> new Case(kind, GOOD_QUERY, randomBytes(maxBytes + 1 + random.nextInt(maxBytes)), OCTETS);
            case WRONG_CONTENT_TYPE -> new Case(kind, GOOD_QUERY, valid.clone(),
                    random.nextInt(8) == 0 ? null : WRONG_TYPES[random.nextInt(WRONG_TYPES.length)]);
            case BAD_PARAMETERS -> new Case(kind, BAD_QUERIES[random.nextInt(BAD_QUERIES.length)], valid.clone(), OCTETS);
        };
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
