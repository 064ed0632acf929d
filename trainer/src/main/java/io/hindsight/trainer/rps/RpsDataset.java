package io.hindsight.trainer.rps;

import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsRules;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.schema.WireReader;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labelled rps rounds a model is trained on, with the exact slice of {@code rps.rounds} they came from, so
 * a model can be rebuilt from its {@link #ranges()} alone. Reading rules, as for digits (deterministic for a
 * given range): read_committed, partition 0, each range's offsets [start, end) in order; records failing the
 * {@code rps.rounds} schema are skipped and counted; a key ("gameId:round") seen twice keeps its first position
 * and its latest value. {@link #rounds()} is in topic order, which is time order.
 *
 * @param rounds       every round read, gambit rounds included (see {@link #trainable()})
 * @param source       human-readable description of where the rounds came from, for provenance
 * @param ranges       the exact offset ranges read (empty when the rounds did not come from Kafka)
 * @param recordsRead  records inside the ranges (valid or not)
 * @param invalid      records skipped because they failed the schema
 * @param replacedKeys records whose key had been seen earlier in the ranges
 */
public record RpsDataset(List<RpsExample> rounds, String source, List<TrainingRange> ranges, long recordsRead,
                         long invalid, long replacedKeys) {
    public static final int PARTITION = 0;
    static final WireReader<RpsExample> READER = new WireReader<>(Topics.RPS_ROUNDS.schema(), RpsExample.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(RpsDataset.class);

    public RpsDataset {
        rounds = List.copyOf(rounds);
        ranges = List.copyOf(ranges);
    }

    /** Rounds that did not come from Kafka (tests, the arena): no ranges. */
    public static RpsDataset of(List<RpsExample> rounds, String source) {
        return new RpsDataset(rounds, source, List.of(), rounds.size(), 0, 0);
    }

    /** The rounds models learn from: past the gambit (models predict from round 4), in topic order. */
    public List<RpsExample> trainable() {
        return rounds.stream().filter(r -> r.round() > RpsRules.GAMBIT_ROUNDS).toList();
    }

    /** Everything committed on {@code rps.rounds}, from the log start to the last stable offset. */
    public static RpsDataset read(String bootstrapServers) {
        return read(bootstrapServers, List.of());
    }

    /** Exactly these ranges of {@code rps.rounds}-0, in order; an empty list means everything committed. */
    public static RpsDataset read(String bootstrapServers, List<TrainingRange> ranges) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            TopicPartition tp = new TopicPartition(Topics.RPS_ROUNDS.name(), PARTITION);
            consumer.assign(List.of(tp)); // before asking for offsets: read_committed lookups want an assigned partition
            long first = consumer.beginningOffsets(List.of(tp), TIMEOUT).get(tp);
            long stable = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp); // read_committed: the LSO
            List<TrainingRange> wanted = ranges == null || ranges.isEmpty()
                    ? List.of(new TrainingRange(tp.topic(), PARTITION, first, stable)) : ranges;
            for (TrainingRange r : wanted) {
                if (!tp.topic().equals(r.topic()) || r.partition() != PARTITION) {
                    throw new IllegalArgumentException("not a range of " + tp + ": " + r);
                }
                if (r.startOffset() < first || r.endOffset() > stable || r.endOffset() < r.startOffset()) {
                    throw new IllegalArgumentException(r + " is not readable (log starts at " + first
                            + ", last stable offset " + stable + ")");
                }
            }
            return read(consumer, tp, wanted);
        }
    }

    private static RpsDataset read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, List<TrainingRange> ranges) {
        long t0 = System.nanoTime();
        Map<String, RpsExample> byKey = new LinkedHashMap<>();
        long read = 0;
        long invalid = 0;
        long replaced = 0;
        for (TrainingRange range : ranges) {
            if (range.endOffset() == range.startOffset()) {
                continue;
            }
            consumer.seek(tp, range.startOffset());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp) < range.endOffset()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + range + " took longer than " + TIMEOUT
                            + " (at offset " + consumer.position(tp) + ")");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < range.startOffset() || r.offset() >= range.endOffset()) {
                        continue;
                    }
                    read++;
                    Parsed<RpsExample> parsed = READER.read(r.value());
                    if (!parsed.isOk()) {
                        invalid++;
                        log.warn("skipping invalid rps round at {}@{}: {}", tp, r.offset(), parsed.reason());
                        continue;
                    }
                    String key = r.key() == null ? parsed.value().key() : new String(r.key(), StandardCharsets.UTF_8);
                    if (byKey.put(key, parsed.value()) != null) {
                        replaced++;
                    }
                }
            }
        }
        RpsDataset ds = new RpsDataset(new ArrayList<>(byKey.values()), describe(ranges), ranges, read, invalid, replaced);
        log.info("read {} rps rounds from {} in {} ms ({} records, {} invalid, {} replaced keys)", ds.rounds().size(),
                ranges, (System.nanoTime() - t0) / 1_000_000, read, invalid, replaced);
        return ds;
    }

    static String describe(List<TrainingRange> ranges) {
        List<String> parts = new ArrayList<>();
        for (TrainingRange r : ranges) {
            parts.add(r.topic() + "-" + r.partition() + "[" + r.startOffset() + "," + r.endOffset() + ")");
        }
        return "kafka:" + String.join("+", parts);
    }

    /** For provenance: JSON-friendly facts about what was read. */
    public Map<String, Object> describeForProvenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataSource", source);
        m.put("rounds", rounds.size());
        m.put("trainableRounds", trainable().size());
        m.put("games", rounds.stream().map(RpsExample::gameId).distinct().count());
        m.put("recordsRead", recordsRead);
        m.put("invalidSkipped", invalid);
        m.put("replacedKeys", replacedKeys);
        m.put("readRules", "read_committed; schema-invalid records skipped; a repeated key keeps its first position and "
                + "latest value; topic order; gambit rounds 1-" + RpsRules.GAMBIT_ROUNDS + " excluded from training");
        return m;
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hindsight-rps-dataset");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
