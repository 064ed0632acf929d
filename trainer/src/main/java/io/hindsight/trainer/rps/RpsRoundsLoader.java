package io.hindsight.trainer.rps;

import io.hindsight.contracts.model.TrainingRange;
import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.topics.Topics;
import io.hindsight.trainer.publish.TransactionalProducers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds an empty {@code rps.rounds} with the first start's synthetic games, all in one Kafka transaction, so a
 * reader sees all of them or none. Only when the topic holds no committed round: live games, or synthetic games
 * written before, are never joined by a second copy, so a second run writes nothing.
 * <p>
 * Two instances starting together on an empty topic share the transactional id: one fences the other (which
 * fails, its transaction aborted), so the topic gets the games once.
 */
public final class RpsRoundsLoader {
    public static final String DEFAULT_TRANSACTIONAL_ID = "hindsight-rps-loader";
    private static final Duration STABLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(RpsRoundsLoader.class);

    private final String bootstrapServers;
    private final String transactionalId;

    public RpsRoundsLoader(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TRANSACTIONAL_ID);
    }

    public RpsRoundsLoader(String bootstrapServers, String transactionalId) {
        this.bootstrapServers = bootstrapServers;
        this.transactionalId = transactionalId;
    }

    /**
     * What a load did.
     *
     * @param written false when the topic already held rounds and nothing was written
     * @param rounds  rounds written, or committed rounds found
     * @param range   offsets of the records written; null when nothing was written
     */
    public record Result(boolean written, int rounds, TrainingRange range, Duration took, String message) {
    }

    /** Writes {@code rounds} when {@code rps.rounds} holds no committed round; otherwise nothing. */
    public Result writeIfEmpty(List<RpsExample> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds to write");
        }
        long t0 = System.nanoTime();
        int present = RpsDataset.read(bootstrapServers).rounds().size();
        if (present > 0) {
            Duration took = since(t0);
            String msg = String.format("%s already holds %,d rounds; nothing written", Topics.RPS_ROUNDS.name(), present);
            log.info("{} ({} ms)", msg, took.toMillis());
            return new Result(false, present, null, took, msg);
        }
        TrainingRange range = write(rounds);
        Duration took = since(t0);
        String msg = String.format("wrote %,d rps rounds to %s in one transaction, offsets [%d,%d), in %.1f s", rounds.size(),
                Topics.RPS_ROUNDS.name(), range.startOffset(), range.endOffset(), took.toMillis() / 1000.0);
        log.info(msg);
        return new Result(true, rounds.size(), range, took, msg);
    }

    private TrainingRange write(List<RpsExample> rounds) {
        String topic = Topics.RPS_ROUNDS.name();
        Serializer<RpsExample> values = Topics.RPS_ROUNDS.valueSerde().serializer();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            producer.initTransactions();
            try {
                producer.beginTransaction();
                Future<RecordMetadata> first = null;
                Future<RecordMetadata> last = null;
                for (RpsExample e : rounds) {
                    last = producer.send(new ProducerRecord<>(topic, RpsDataset.PARTITION,
                            e.key().getBytes(StandardCharsets.UTF_8), values.serialize(topic, e)));
                    if (first == null) {
                        first = last;
                    }
                }
                producer.commitTransaction();
                TrainingRange range = new TrainingRange(topic, RpsDataset.PARTITION, first.get().offset(), last.get().offset() + 1);
                awaitStable(range.endOffset());
                return range;
            } catch (KafkaException e) {
                TransactionalProducers.abortQuietly(producer, log, "rps rounds load");
                throw new IllegalStateException("could not write rps rounds to " + topic + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing rps rounds", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not write rps rounds to " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /**
     * commitTransaction can return before the commit marker moves the last stable offset; a read_committed reader
     * right after would not see the rounds yet. Waits until it can, so callers may read them at once.
     */
    private void awaitStable(long end) {
        TopicPartition tp = new TopicPartition(Topics.RPS_ROUNDS.name(), RpsDataset.PARTITION);
        long deadline = System.nanoTime() + STABLE_TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = RpsDataset.consumer(bootstrapServers)) {
            consumer.assign(List.of(tp));
            while (consumer.endOffsets(List.of(tp), STABLE_TIMEOUT).get(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the committed rps rounds did not become readable within " + STABLE_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rps rounds to become readable", e);
        }
    }

    private Properties producerConfig() {
        Properties p = TransactionalProducers.base(bootstrapServers, transactionalId);
        // a bulk load: big batches; ~10k rounds are a few MB of JSON before compression
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Duration.ofMinutes(1).toMillis()));
        return p;
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
