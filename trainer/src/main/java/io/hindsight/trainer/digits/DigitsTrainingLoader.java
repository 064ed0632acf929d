package io.hindsight.trainer.digits;

import io.hindsight.trainer.publish.TransactionalProducers;
import io.hindsight.contracts.digits.DigitExample;
import io.hindsight.contracts.digits.MnistDigits;
import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts labelled digits on {@code digits.training}: the {@code train} split, then the {@code holdout} split,
 * keyed {@code split-index}, all in one Kafka transaction, so a reader sees all of them or none.
 * <p>
 * Idempotent by content: before writing it reads what is committed and, when every digit it would write is
 * already there under its key with the same label and pixels (whatever source it was loaded from), writes
 * nothing. Otherwise it writes all of them again; {@link DigitsDataset} keeps the latest value per key, so a
 * reload never doubles a digit.
 */
public final class DigitsTrainingLoader {
    public static final String DEFAULT_TRANSACTIONAL_ID = "hindsight-digits-loader";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(DigitsTrainingLoader.class);

    private final String bootstrapServers;
    private final String transactionalId;

    public DigitsTrainingLoader(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TRANSACTIONAL_ID);
    }

    public DigitsTrainingLoader(String bootstrapServers, String transactionalId) {
        this.bootstrapServers = bootstrapServers;
        this.transactionalId = transactionalId;
    }

    /**
     * What a load did.
     *
     * @param written  false when everything was already there and nothing was written
     * @param train    train digits written (or found)
     * @param holdout  holdout digits written (or found)
     * @param range    offsets of the records written (or of the committed records found)
     * @param took     wall time, including the check
     * @param message  one line for a CLI or a log
     */
    public record Result(boolean written, int train, int holdout, TrainingRange range, Duration took, String message) {
    }

    /** The MNIST digits bundled in contracts: 60,000 train, 10,000 holdout. */
    public Result loadBundled() {
        return load(MnistDigits.train(), MnistDigits.holdout());
    }

    /**
     * MNIST IDX files from a folder ({@code hindsight load digits --from DIR}): {@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
     * optionally gzipped ({@code .gz}). t10k is the holdout split.
     */
    public Result loadFrom(Path dir) {
        return load(readFolder(dir, "train", MnistDigits.TRAIN), readFolder(dir, "t10k", MnistDigits.HOLDOUT));
    }

    public static MnistDigits readFolder(Path dir, String prefix, String split) {
        Path images = idx(dir, prefix + "-images-idx3-ubyte");
        Path labels = idx(dir, prefix + "-labels-idx1-ubyte");
        return MnistDigits.read(images, labels, "dir:" + dir.toAbsolutePath().normalize() + "/" + split);
    }

    private static Path idx(Path dir, String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no " + name + "[.gz] in " + dir);
    }

    /** Loads {@code train} as the train split and {@code holdout} as the holdout split, unless already there. */
    public Result load(MnistDigits train, MnistDigits holdout) {
        if (train.count() == 0 || holdout.count() == 0) {
            throw new IllegalArgumentException("need train and holdout digits, got " + train.count() + " and " + holdout.count());
        }
        long t0 = System.nanoTime();
        Present present = present(train, holdout);
        if (present.complete()) {
            Duration took = since(t0);
            String msg = String.format("%s already holds these %,d train and %,d holdout digits (offsets %d..%d); nothing written",
                    Topics.DIGITS_TRAINING.name(), train.count(), holdout.count(), present.first, present.last);
            log.info("{} ({} ms)", msg, took.toMillis());
            return new Result(false, train.count(), holdout.count(),
                    new TrainingRange(Topics.DIGITS_TRAINING.name(), DigitsDataset.PARTITION, present.first, present.last + 1), took, msg);
        }
        TrainingRange range = write(train, holdout);
        Duration took = since(t0);
        String msg = String.format("wrote %,d train and %,d holdout digits to %s in one transaction, offsets [%d,%d), in %.1f s",
                train.count(), holdout.count(), Topics.DIGITS_TRAINING.name(), range.startOffset(), range.endOffset(),
                took.toMillis() / 1000.0);
        log.info(msg);
        return new Result(true, train.count(), holdout.count(), range, took, msg);
    }

    private TrainingRange write(MnistDigits train, MnistDigits holdout) {
        String topic = Topics.DIGITS_TRAINING.name();
        Serializer<DigitExample> values = Topics.DIGITS_TRAINING.valueSerde().serializer();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            producer.initTransactions();
            try {
                producer.beginTransaction();
                List<Future<RecordMetadata>> ends = new ArrayList<>(2);
                Future<RecordMetadata> first = null;
                for (int s = 0; s < 2; s++) {
                    MnistDigits digits = s == 0 ? train : holdout;
                    String split = s == 0 ? MnistDigits.TRAIN : MnistDigits.HOLDOUT;
                    Future<RecordMetadata> last = null;
                    for (int i = 0; i < digits.count(); i++) {
                        DigitExample e = DigitExample.of(digits, split, i);
                        last = producer.send(new ProducerRecord<>(topic, DigitsDataset.PARTITION,
                                e.key().getBytes(StandardCharsets.UTF_8), values.serialize(topic, e)));
                        if (first == null) {
                            first = last;
                        }
                    }
                    ends.add(last);
                }
                producer.commitTransaction();
                long start = first.get().offset();
                long end = ends.get(ends.size() - 1).get().offset() + 1;
                return new TrainingRange(topic, DigitsDataset.PARTITION, start, end);
            } catch (KafkaException e) {
                TransactionalProducers.abortQuietly(producer, log, "digits load");
                throw new IllegalStateException("could not load digits onto " + topic + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                TransactionalProducers.abortQuietly(producer, log, "digits load");
                throw new IllegalStateException("interrupted while loading digits", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not load digits onto " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** Which of the digits to load are committed already, with the same label and pixels under their key. */
    private Present present(MnistDigits train, MnistDigits holdout) {
        Present p = new Present(train, holdout);
        TopicPartition tp = new TopicPartition(Topics.DIGITS_TRAINING.name(), DigitsDataset.PARTITION);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + tp + " took longer than " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end) {
                        p.see(r);
                    }
                }
            }
        }
        return p;
    }

    /** Tracks, per split, which indices hold the same digit as the one to load (latest record per key wins). */
    private static final class Present {
        private final MnistDigits train;
        private final MnistDigits holdout;
        private final BitSet trainSame = new BitSet();
        private final BitSet holdoutSame = new BitSet();
        private final Deserializer<DigitExample> reader = Topics.DIGITS_TRAINING.valueSerde().deserializer();
        long first = Long.MAX_VALUE;
        long last = -1;

        Present(MnistDigits train, MnistDigits holdout) {
            this.train = train;
            this.holdout = holdout;
        }

        void see(ConsumerRecord<byte[], byte[]> r) {
            if (r.key() == null || r.value() == null) {
                return;
            }
            String key = new String(r.key(), StandardCharsets.UTF_8);
            int dash = key.lastIndexOf('-');
            if (dash < 0) {
                return;
            }
            String split = key.substring(0, dash);
            MnistDigits digits = MnistDigits.TRAIN.equals(split) ? train : MnistDigits.HOLDOUT.equals(split) ? holdout : null;
            int index;
            try {
                index = Integer.parseInt(key.substring(dash + 1));
            } catch (NumberFormatException e) {
                return;
            }
            if (digits == null || index < 0 || index >= digits.count()) {
                return;
            }
            BitSet same = MnistDigits.TRAIN.equals(split) ? trainSame : holdoutSame;
            boolean equal;
            try {
                DigitExample existing = reader.deserialize(Topics.DIGITS_TRAINING.name(), r.value());
                DigitExample wanted = DigitExample.of(digits, split, index);
                equal = existing.label() == wanted.label() && wanted.pixels().equals(existing.pixels())
                        && split.equals(existing.split()) && existing.index() == index;
            } catch (RuntimeException e) {
                equal = false; // an unreadable record under this key: it must be replaced
            }
            same.set(index, equal);
            if (equal) {
                first = Math.min(first, r.offset());
                last = Math.max(last, r.offset());
            }
        }

        boolean complete() {
            return trainSame.cardinality() == train.count() && holdoutSame.cardinality() == holdout.count();
        }
    }

    private Properties producerConfig() {
        Properties p = TransactionalProducers.base(bootstrapServers, transactionalId);
        // A bulk load, not a request path: fill big batches. 70k digits are ~85 MB of JSON before compression.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(Duration.ofMinutes(5).toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Duration.ofMinutes(4).toMillis()));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Duration.ofMinutes(2).toMillis()));
        return p;
    }

    private Properties consumerConfig() {
        Properties p = TransactionalProducers.base(bootstrapServers, transactionalId);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId + "-check");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(32 * 1024 * 1024));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        return p;
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
