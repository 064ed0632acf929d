package io.hindsight.trainer.calories;

import io.hindsight.contracts.calories.CaloriesFeedback;
import io.hindsight.contracts.calories.CaloriesRecord;
import io.hindsight.contracts.calories.CaloriesRow;
import io.hindsight.contracts.calories.CaloriesWire;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.data.RangeReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live calories training data: exact offset ranges of {@code calories.requests} (the 7 features, as clients sent
 * them) and {@code calories.feedback} (the measured Calories), joined by request id into labelled rows.
 *
 * <p>Why not {@code calories.scored}: a scored record carries the prediction, the truth and the error, but not
 * the features. The requests and the feedback are where the joiner took its truth from, so the pair is the exact
 * source of the same labelled data, replayable offset by offset.
 *
 * <p>Reading rules, deterministic for given ranges: read_committed; each range's offsets [start, end); values
 * parsed with {@link CaloriesWire} against the topics' JSON Schemas, failures skipped and counted; requests
 * ordered by record timestamp, then partition, then offset (time order; {@link #rows()} is in that order);
 * a request id seen again keeps its first request (a client's retry); a feedback id seen again keeps the latest
 * feedback (a correction); feedback for an id no valid request in the ranges has is skipped and counted;
 * requests without feedback are counted and not used. The join key is the {@code id} inside the value, which the
 * gateway and the simulator also use as the record key.
 *
 * @param rows   labelled rows, in request time order
 * @param source human-readable description of the ranges, for provenance and Tribuo's data source
 * @param ranges the exact offset ranges read (empty when the rows did not come from Kafka)
 * @param counts what was read, skipped and joined
 */
public record CaloriesLiveDataset(List<CaloriesRow> rows, String source, List<TrainingRange> ranges, Counts counts) {
    public static final String REQUESTS = Topics.calories().requests().name();
    public static final String FEEDBACK = Topics.calories().feedback().name();
    private static final String CLIENT_ID = "hindsight-calories-dataset";
    private static final Logger log = LoggerFactory.getLogger(CaloriesLiveDataset.class);
    private static final Comparator<Raw> TIME_ORDER = Comparator.comparingLong(Raw::timestamp)
            .thenComparingInt(Raw::partition).thenComparingLong(Raw::offset);

    public CaloriesLiveDataset {
        rows = List.copyOf(rows);
        ranges = List.copyOf(ranges);
    }

    /**
     * @param requestsRead      records read from calories.requests ranges
     * @param feedbackRead      records read from calories.feedback ranges
     * @param invalidRequests   requests failing the schema (skipped)
     * @param invalidFeedback   feedback failing the schema (skipped)
     * @param duplicateRequests requests whose id was already seen (the first is kept)
     * @param duplicateFeedback feedback whose id was already seen (the latest is kept)
     * @param unmatchedRequests valid requests with no feedback in the ranges (not used)
     * @param unmatchedFeedback feedback for an id no valid request in the ranges has (skipped)
     * @param labelled          rows joined
     */
    public record Counts(long requestsRead, long feedbackRead, long invalidRequests, long invalidFeedback,
                         long duplicateRequests, long duplicateFeedback, long unmatchedRequests, long unmatchedFeedback,
                         long labelled) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requestsRead", requestsRead);
            m.put("feedbackRead", feedbackRead);
            m.put("invalidRequests", invalidRequests);
            m.put("invalidFeedback", invalidFeedback);
            m.put("duplicateRequests", duplicateRequests);
            m.put("duplicateFeedback", duplicateFeedback);
            m.put("unmatchedRequests", unmatchedRequests);
            m.put("unmatchedFeedback", unmatchedFeedback);
            m.put("labelled", labelled);
            return m;
        }
    }

    /** One record as read: where it was and its value's bytes. */
    public record Raw(int partition, long offset, long timestamp, byte[] value) {
    }

    /** Everything committed on every partition of both topics, from each log start to its last stable offset. */
    public static CaloriesLiveDataset read(String bootstrapServers) {
        return read(bootstrapServers, List.of());
    }

    /** Exactly these ranges of calories.requests and calories.feedback; an empty list means everything committed. */
    public static CaloriesLiveDataset read(String bootstrapServers, List<TrainingRange> ranges) {
        List<TrainingRange> wanted = RangeReader.resolve(bootstrapServers, List.of(REQUESTS, FEEDBACK), ranges, CLIENT_ID);
        long t0 = System.nanoTime();
        Map<String, List<RangeReader.Raw>> read = RangeReader.read(bootstrapServers, wanted, CLIENT_ID);
        CaloriesLiveDataset ds = join(raw(read.get(REQUESTS)), raw(read.get(FEEDBACK)), wanted);
        log.info("read {} labelled calories rows from {} in {} ms: {}", ds.rows().size(), ds.source(),
                (System.nanoTime() - t0) / 1_000_000, ds.counts());
        return ds;
    }

    private static List<Raw> raw(List<RangeReader.Raw> records) {
        return records == null ? List.of()
                : records.stream().map(r -> new Raw(r.partition(), r.offset(), r.timestamp(), r.value())).toList();
    }

    /** The join itself, on records already read (see the class comment for the rules). */
    public static CaloriesLiveDataset join(List<Raw> requests, List<Raw> feedback, List<TrainingRange> ranges) {
        long invalidRequests = 0;
        long duplicateRequests = 0;
        Map<String, CaloriesRecord> byId = new LinkedHashMap<>(); // insertion order = time order
        for (Raw r : requests.stream().sorted(TIME_ORDER).toList()) {
            Parsed<CaloriesRecord> parsed = CaloriesWire.REQUEST.read(r.value());
            if (!parsed.isOk()) {
                invalidRequests++;
                log.debug("skipping invalid calories request at {}-{}@{}: {}", REQUESTS, r.partition(), r.offset(), parsed.reason());
                continue;
            }
            if (byId.putIfAbsent(parsed.value().id(), parsed.value()) != null) {
                duplicateRequests++;
            }
        }
        long invalidFeedback = 0;
        long duplicateFeedback = 0;
        long unmatchedFeedback = 0;
        Map<String, Double> truth = new HashMap<>();
        for (Raw r : feedback.stream().sorted(TIME_ORDER).toList()) {
            Parsed<CaloriesFeedback> parsed = CaloriesWire.FEEDBACK.read(r.value());
            if (!parsed.isOk()) {
                invalidFeedback++;
                log.debug("skipping invalid calories feedback at {}-{}@{}: {}", FEEDBACK, r.partition(), r.offset(), parsed.reason());
                continue;
            }
            String id = parsed.value().id();
            if (!byId.containsKey(id)) {
                unmatchedFeedback++;
                continue;
            }
            if (truth.put(id, parsed.value().calories()) != null) {
                duplicateFeedback++;
            }
        }
        List<CaloriesRow> rows = new ArrayList<>(truth.size());
        for (CaloriesRecord rec : byId.values()) {
            Double kcal = truth.get(rec.id());
            if (kcal != null) {
                rows.add(new CaloriesRow(rec, kcal));
            }
        }
        Counts counts = new Counts(requests.size(), feedback.size(), invalidRequests, invalidFeedback, duplicateRequests,
                duplicateFeedback, byId.size() - rows.size(), unmatchedFeedback, rows.size());
        return new CaloriesLiveDataset(rows, describe(ranges), ranges, counts);
    }

    static String describe(List<TrainingRange> ranges) {
        return RangeReader.describe(ranges);
    }

    /** For provenance: JSON-friendly facts about what was read and joined. */
    public Map<String, Object> describeForProvenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataSource", source);
        m.putAll(counts.asMap());
        m.put("readRules", "read_committed; calories.requests joined with calories.feedback by the value's id; "
                + "schema-invalid records skipped; first request and latest feedback per id kept; feedback for an unknown "
                + "id skipped; rows in request time order (record timestamp, partition, offset)");
        return m;
    }
}
