package io.hindsight.trainer.digits;

import io.hindsight.contracts.digits.DigitExample;
import io.hindsight.contracts.digits.DigitPreprocessing;
import io.hindsight.contracts.digits.DigitsWire;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.schema.Parsed;
import io.hindsight.contracts.topics.Topics;
import java.io.ByteArrayOutputStream;
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
 * The labelled digits a model is trained and scored on, with the exact slice of {@code digits.training} they
 * came from, so that a model can be rebuilt from its {@link #ranges()} alone.
 * <p>
 * Reading rules (deterministic for a given range, which is what makes the ranges a complete description):
 * <ul>
 *   <li>read_committed, partition 0, offsets [start, end) of each range in order; aborted records and
 *       transaction markers inside a range are skipped, and they stay aborted forever;</li>
 *   <li>a record that fails the {@code digits.training} JSON Schema is skipped and counted;</li>
 *   <li>a key seen twice keeps its first position and its latest value (a reload replaces, never doubles);</li>
 *   <li>{@code train} digits go to {@link #train()}, {@code holdout} digits to {@link #holdout()}, each in
 *       topic order. Trainers that use a subset take the first N of {@link #train()}.</li>
 * </ul>
 *
 * @param source        human-readable description of where the digits came from, for provenance
 * @param ranges        the exact offset ranges read (empty when the digits did not come from Kafka)
 * @param recordsRead   records inside the ranges that were read (valid or not)
 * @param invalid       records skipped because they failed the schema
 * @param replacedKeys  records whose key had been seen earlier in the ranges (their value replaced the earlier one)
 */
public record DigitsDataset(MnistDigits train, MnistDigits holdout, String source, List<TrainingRange> ranges,
                            long recordsRead, long invalid, long replacedKeys) {
    public static final int PARTITION = 0;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(DigitsDataset.class);

    public DigitsDataset {
        ranges = List.copyOf(ranges);
    }

    /** The MNIST digits bundled in contracts, without Kafka (tests, measurements): no ranges. */
    public static DigitsDataset bundled() {
        MnistDigits train = MnistDigits.train();
        MnistDigits holdout = MnistDigits.holdout();
        return new DigitsDataset(train, holdout, "classpath:" + train.source() + "+" + holdout.source(), List.of(),
                0, 0, 0);
    }

    /** Everything committed on {@code digits.training}, from the log start to the current end. */
    public static DigitsDataset read(String bootstrapServers) {
        return read(bootstrapServers, -1, -1);
    }

    /**
     * Offsets [startOffset, endOffset) of partition 0; -1 for the log start or the current (last stable) end.
     * An end beyond the last stable offset is refused: those records are not all decided yet.
     */
    public static DigitsDataset read(String bootstrapServers, long startOffset, long endOffset) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            TopicPartition tp = new TopicPartition(Topics.DIGITS_TRAINING.name(), PARTITION);
            consumer.assign(List.of(tp)); // before asking for offsets: read_committed lookups want an assigned partition
            long first = consumer.beginningOffsets(List.of(tp), DEFAULT_TIMEOUT).get(tp);
            long stable = consumer.endOffsets(List.of(tp), DEFAULT_TIMEOUT).get(tp); // read_committed: the LSO
            long start = startOffset < 0 ? first : startOffset;
            long end = endOffset < 0 ? stable : endOffset;
            if (start < first) {
                throw new IllegalArgumentException("offset " + start + " of " + tp + " is gone (log starts at " + first + ")");
            }
            if (end > stable) {
                throw new IllegalArgumentException("end offset " + end + " of " + tp + " is beyond the last stable offset " + stable);
            }
            if (end < start) {
                throw new IllegalArgumentException("empty range: end " + end + " < start " + start);
            }
            return read(consumer, List.of(new TrainingRange(tp.topic(), PARTITION, start, end)));
        }
    }

    /** Exactly these ranges (a model's {@code trainingRanges}), read in order. */
    public static DigitsDataset read(String bootstrapServers, List<TrainingRange> ranges) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            for (TrainingRange r : ranges) {
                if (!Topics.DIGITS_TRAINING.name().equals(r.topic()) || r.partition() != PARTITION) {
                    throw new IllegalArgumentException("not a range of " + Topics.DIGITS_TRAINING.name() + "-0: " + r);
                }
            }
            return read(consumer, ranges);
        }
    }

    private static DigitsDataset read(KafkaConsumer<byte[], byte[]> consumer, List<TrainingRange> ranges) {
        long t0 = System.nanoTime();
        TopicPartition tp = new TopicPartition(Topics.DIGITS_TRAINING.name(), PARTITION);
        consumer.assign(List.of(tp));
        long stable = consumer.endOffsets(List.of(tp), DEFAULT_TIMEOUT).get(tp);
        for (TrainingRange r : ranges) {
            if (r.endOffset() > stable || r.startOffset() < 0 || r.endOffset() < r.startOffset()) {
                throw new IllegalArgumentException(r + " is not a readable range (last stable offset " + stable + ")");
            }
        }
        Map<String, DigitExample> byKey = new LinkedHashMap<>();
        long read = 0;
        long invalid = 0;
        long replaced = 0;
        for (TrainingRange range : ranges) {
            consumer.seek(tp, range.startOffset());
            long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
            while (consumer.position(tp) < range.endOffset()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + range + " took longer than " + DEFAULT_TIMEOUT
                            + " (at offset " + consumer.position(tp) + ")");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < range.startOffset() || r.offset() >= range.endOffset()) {
                        continue;
                    }
                    read++;
                    Parsed<DigitExample> parsed = DigitsWire.TRAINING.read(r.value());
                    if (!parsed.isOk()) {
                        invalid++;
                        log.warn("skipping invalid digit at {}@{}: {}", tp, r.offset(), parsed.reason());
                        continue;
                    }
                    String key = r.key() == null ? parsed.value().key() : new String(r.key(), StandardCharsets.UTF_8);
                    if (byKey.put(key, parsed.value()) != null) {
                        replaced++;
                    }
                }
            }
        }
        DigitsDataset ds = split(byKey.values(), describe(ranges), ranges, read, invalid, replaced);
        log.info("read {} train + {} holdout digits from {} in {} ms ({} records, {} invalid, {} replaced keys)",
                ds.train().count(), ds.holdout().count(), ranges, (System.nanoTime() - t0) / 1_000_000, read, invalid, replaced);
        return ds;
    }

    private static DigitsDataset split(Iterable<DigitExample> examples, String source, List<TrainingRange> ranges,
                                       long read, long invalid, long replaced) {
        Builder train = new Builder();
        Builder holdout = new Builder();
        for (DigitExample e : examples) {
            (MnistDigits.HOLDOUT.equals(e.split()) ? holdout : train).add(e);
        }
        return new DigitsDataset(train.build(source + "/" + MnistDigits.TRAIN), holdout.build(source + "/" + MnistDigits.HOLDOUT),
                source, ranges, read, invalid, replaced);
    }

    private static String describe(List<TrainingRange> ranges) {
        List<String> parts = new ArrayList<>();
        for (TrainingRange r : ranges) {
            parts.add(r.topic() + "-" + r.partition() + "[" + r.startOffset() + "," + r.endOffset() + ")");
        }
        return "kafka:" + String.join("+", parts);
    }

    /** Number of train digits a trainer asking for at most {@code max} gets. */
    public int trainDigits(int max) {
        return Math.min(train.count(), max);
    }

    /** For provenance: JSON-friendly facts about what was read. */
    public Map<String, Object> describeForProvenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataSource", source);
        m.put("trainSplitDigits", train.count());
        m.put("holdoutDigits", holdout.count());
        m.put("recordsRead", recordsRead);
        m.put("invalidSkipped", invalid);
        m.put("replacedKeys", replacedKeys);
        m.put("readRules", "read_committed; schema-invalid records skipped; a repeated key keeps its first position and "
                + "latest value; split by the record's split field, topic order");
        return m;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hindsight-digits-dataset");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(32 * 1024 * 1024));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Grows pixel and label arrays in the layout of {@link MnistDigits}. */
    private static final class Builder {
        private final ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        private final ByteArrayOutputStream labels = new ByteArrayOutputStream();
        private int count;

        void add(DigitExample e) {
            pixels.writeBytes(e.pixelBytes());
            labels.write(e.label());
            count++;
        }

        MnistDigits build(String source) {
            byte[] px = pixels.toByteArray();
            if (px.length != count * DigitPreprocessing.PIXELS) {
                throw new IllegalStateException("pixel bytes do not match " + count + " digits");
            }
            return new MnistDigits(source, count, px, labels.toByteArray());
        }
    }
}
