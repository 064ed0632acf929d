package io.hindsight.trainer.digits;

import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.DigitsFeedback;
import io.hindsight.contracts.digits.DigitsRequest;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.data.RangeReader;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live digits training data: exact offset ranges of {@code digits.requests} (what people drew: MNIST pixels, a
 * canvas bitmap or pen strokes) and {@code digits.feedback} (the digit they say it was), joined by request id into
 * labelled 28x28 digits.
 *
 * <p>Reading rules, deterministic for given ranges (the same as {@code CaloriesLiveDataset}'s, plus drafts):
 * read_committed; each range's offsets [start, end); requests ordered by record timestamp, then partition, then
 * offset (time order; {@link #drawings()} is in that order); values parsed against the topics' JSON Schemas and
 * failures skipped and counted, as are requests whose drawing cannot be preprocessed; drafts (a live guess while
 * the person is still drawing, which may share the final request's id) are skipped and counted; a request id
 * seen again keeps its first request; a feedback id seen again keeps the latest feedback (a correction);
 * feedback for an id no valid request in the ranges has is skipped and counted; requests without feedback are
 * counted and not used. Each drawing becomes the model input {@link DigitsRequest#toModelInput()} (the same
 * {@link DigitPreprocessing} the predictor runs), stored as bytes 0..255 like {@code digits.training}: pixels
 * sent as MNIST bytes / 255 come back exactly.
 *
 * @param drawings labelled digits, in request time order
 * @param source   human-readable description of the ranges, for provenance
 * @param ranges   the exact offset ranges read (empty when the drawings did not come from Kafka)
 * @param counts   what was read, skipped and joined
 */
public record DigitsLiveDataset(MnistDigits drawings, String source, List<TrainingRange> ranges, Counts counts) {
    public static final String REQUESTS = Topics.of(io.hindsight.contracts.Task.DIGITS).requests().name();
    public static final String FEEDBACK = Topics.of(io.hindsight.contracts.Task.DIGITS).feedback().name();
    private static final String CLIENT_ID = "hindsight-digits-live-dataset";
    private static final Logger log = LoggerFactory.getLogger(DigitsLiveDataset.class);
    private static final Comparator<RangeReader.Raw> TIME_ORDER = Comparator.comparingLong(RangeReader.Raw::timestamp)
            .thenComparingInt(RangeReader.Raw::partition).thenComparingLong(RangeReader.Raw::offset);

    public DigitsLiveDataset {
        ranges = List.copyOf(ranges);
    }

    /** No live drawings: what the first start trains with. */
    public static DigitsLiveDataset none() {
        return new DigitsLiveDataset(new MnistDigits("none", 0, new byte[0], new byte[0]), "none", List.of(),
                new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    /**
     * @param requestsRead      records read from digits.requests ranges
     * @param feedbackRead      records read from digits.feedback ranges
     * @param invalidRequests   requests failing the schema or preprocessing (skipped)
     * @param drafts            draft requests (skipped: never labelled)
     * @param invalidFeedback   feedback failing the schema (skipped)
     * @param duplicateRequests requests whose id was already seen (the first is kept)
     * @param duplicateFeedback feedback whose id was already seen (the latest is kept)
     * @param unmatchedRequests valid requests with no feedback in the ranges (not used)
     * @param unmatchedFeedback feedback for an id no valid request in the ranges has (skipped)
     * @param labelled          drawings joined
     */
    public record Counts(long requestsRead, long feedbackRead, long invalidRequests, long drafts, long invalidFeedback,
                         long duplicateRequests, long duplicateFeedback, long unmatchedRequests, long unmatchedFeedback,
                         long labelled) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requestsRead", requestsRead);
            m.put("feedbackRead", feedbackRead);
            m.put("invalidRequests", invalidRequests);
            m.put("draftRequests", drafts);
            m.put("invalidFeedback", invalidFeedback);
            m.put("duplicateRequests", duplicateRequests);
            m.put("duplicateFeedback", duplicateFeedback);
            m.put("unmatchedRequests", unmatchedRequests);
            m.put("unmatchedFeedback", unmatchedFeedback);
            m.put("labelled", labelled);
            return m;
        }
    }

    /** Everything committed on every partition of both topics, from each log start to its last stable offset. */
    public static DigitsLiveDataset read(String bootstrapServers) {
        return read(bootstrapServers, List.of());
    }

    /** Exactly these ranges of digits.requests and digits.feedback; an empty list means everything committed. */
    public static DigitsLiveDataset read(String bootstrapServers, List<TrainingRange> ranges) {
        List<TrainingRange> wanted = RangeReader.resolve(bootstrapServers, List.of(REQUESTS, FEEDBACK), ranges, CLIENT_ID);
        long t0 = System.nanoTime();
        Map<String, List<RangeReader.Raw>> read = RangeReader.read(bootstrapServers, wanted, CLIENT_ID);
        DigitsLiveDataset ds = join(read.getOrDefault(REQUESTS, List.of()), read.getOrDefault(FEEDBACK, List.of()), wanted);
        log.info("read {} labelled drawings from {} in {} ms: {}", ds.drawings().count(), ds.source(),
                (System.nanoTime() - t0) / 1_000_000, ds.counts());
        return ds;
    }

    /** The join itself, on records already read (see the class comment for the rules). */
    public static DigitsLiveDataset join(List<RangeReader.Raw> requests, List<RangeReader.Raw> feedback, List<TrainingRange> ranges) {
        long invalidRequests = 0;
        long drafts = 0;
        long duplicateRequests = 0;
        Map<String, byte[]> byId = new LinkedHashMap<>(); // insertion order = time order
        for (RangeReader.Raw r : requests.stream().sorted(TIME_ORDER).toList()) {
            Parsed<DigitsRequest> parsed = DigitsWire.REQUEST.read(r.value());
            if (!parsed.isOk()) {
                invalidRequests++;
                log.debug("skipping invalid digits request at {}-{}@{}: {}", REQUESTS, r.partition(), r.offset(), parsed.reason());
                continue;
            }
            DigitsRequest request = parsed.value();
            if (request.isDraft()) {
                drafts++;
                continue;
            }
            if (byId.containsKey(request.id())) {
                duplicateRequests++;
                continue;
            }
            byte[] pixels;
            try {
                pixels = bytes(request.toModelInput());
            } catch (RuntimeException e) {
                invalidRequests++;
                log.debug("skipping digits request {} at {}-{}@{}: {}", request.id(), REQUESTS, r.partition(), r.offset(), e.toString());
                continue;
            }
            byId.put(request.id(), pixels);
        }
        long invalidFeedback = 0;
        long duplicateFeedback = 0;
        long unmatchedFeedback = 0;
        Map<String, Integer> truth = new HashMap<>();
        for (RangeReader.Raw r : feedback.stream().sorted(TIME_ORDER).toList()) {
            Parsed<DigitsFeedback> parsed = DigitsWire.FEEDBACK.read(r.value());
            if (!parsed.isOk()) {
                invalidFeedback++;
                log.debug("skipping invalid digits feedback at {}-{}@{}: {}", FEEDBACK, r.partition(), r.offset(), parsed.reason());
                continue;
            }
            String id = parsed.value().id();
            if (!byId.containsKey(id)) {
                unmatchedFeedback++;
                continue;
            }
            if (truth.put(id, parsed.value().label()) != null) {
                duplicateFeedback++;
            }
        }
        int n = truth.size();
        byte[] pixels = new byte[n * DigitPreprocessing.PIXELS];
        byte[] labels = new byte[n];
        int i = 0;
        for (Map.Entry<String, byte[]> e : byId.entrySet()) {
            Integer label = truth.get(e.getKey());
            if (label != null) {
                System.arraycopy(e.getValue(), 0, pixels, i * DigitPreprocessing.PIXELS, DigitPreprocessing.PIXELS);
                labels[i++] = (byte) label.intValue();
            }
        }
        String source = RangeReader.describe(ranges);
        Counts counts = new Counts(requests.size(), feedback.size(), invalidRequests, drafts, invalidFeedback, duplicateRequests,
                duplicateFeedback, byId.size() - n, unmatchedFeedback, n);
        return new DigitsLiveDataset(new MnistDigits(source, n, pixels, labels), source, ranges, counts);
    }

    /** 0..1 floats as 0..255 bytes, rounded: the layout of digits.training. */
    static byte[] bytes(float[] image) {
        if (image.length != DigitPreprocessing.PIXELS) {
            throw new IllegalArgumentException("a digit has 784 pixels, not " + image.length);
        }
        byte[] out = new byte[image.length];
        for (int p = 0; p < image.length; p++) {
            float v = image[p];
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("pixel " + p + " is " + v + ", not in 0..1");
            }
            out[p] = (byte) Math.round(v * 255f);
        }
        return out;
    }

    /** For provenance: JSON-friendly facts about what was read and joined. */
    public Map<String, Object> describeForProvenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataSource", source);
        m.putAll(counts.asMap());
        m.put("readRules", "read_committed; digits.requests joined with digits.feedback by the value's id; schema-invalid "
                + "or unpreprocessable records and drafts skipped; first request and latest feedback per id kept; feedback "
                + "for an unknown id skipped; drawings in request time order (record timestamp, partition, offset), "
                + "preprocessed as served and stored as bytes 0..255");
        return m;
    }
}
