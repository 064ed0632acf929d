package io.hindsight.app.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The benchmarks' own Kafka clients: a bulk loader and a read_committed counting consumer. */
final class BenchClients {
    private BenchClients() {
    }

    /**
     * Preloading, not the path under test: non-transactional, lz4, 20 ms linger, 512 KiB batches. The
     * records are in Kafka (acks=all) when {@link Loader#close()} returns.
     */
    static final class Loader implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<Exception> firstError = new AtomicReference<>();
        private long records;
        private long bytes;

        Loader(String bootstrap) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "hindsight-bench-loader");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L * 1024 * 1024));
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }

        void send(String topic, String key, byte[] value, Long timestamp) {
            records++;
            bytes += value.length;
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value), (m, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, e);
                }
            });
        }

        long records() {
            return records;
        }

        long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            producer.flush();
            producer.close(Duration.ofSeconds(30));
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " preload records failed", firstError.get());
            }
        }
    }

    /** Called on the counting thread with each non-empty poll and the time it returned. */
    @FunctionalInterface
    interface PollHandler {
        void handle(ConsumerRecords<byte[], byte[]> records, long nanos);
    }

    /**
     * Reads topics read_committed from their current ends (taken when it is created, so only what is written
     * afterwards counts), on its own thread, no consumer group.
     */
    static final class Counter implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Throwable failure;

        Counter(String bootstrap, List<String> topics, String name, PollHandler handler) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
            p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : topics) {
                for (PartitionInfo i : consumer.partitionsFor(t, Duration.ofSeconds(30))) {
                    tps.add(new TopicPartition(t, i.partition()));
                }
            }
            consumer.assign(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(30));
            ends.forEach(consumer::seek);
            thread = new Thread(() -> run(handler), name);
            thread.setDaemon(true);
            thread.start();
        }

        private void run(PollHandler handler) {
            try {
                while (running) {
                    ConsumerRecords<byte[], byte[]> r = consumer.poll(Duration.ofMillis(100));
                    if (!r.isEmpty()) {
                        handler.handle(r, System.nanoTime());
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // closing
            } catch (Throwable t) {
                failure = t;
            }
        }

        Throwable failure() {
            return failure;
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }
}
