package io.hindsight.simulator;

import io.hindsight.contracts.rps.RpsGameView;
import io.hindsight.contracts.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads rps.games from its end into {@link GameViews}, on a thread of its own. No consumer group: the
 * simulator wants every partition from now on, not a share of them, and has nothing to commit. Values are
 * read as bytes and parsed here, so one bad record is skipped rather than stopping the feed.
 */
final class GameViewFeed implements AutoCloseable {
    private final Consumer<String, byte[]> consumer;
    private final GameViews views;
    private final AtomicLong unreadable = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    GameViewFeed(Consumer<String, byte[]> consumer, GameViews views) {
        this.consumer = consumer;
        this.views = views;
    }

    static Consumer<String, byte[]> consumer(String bootstrapServers, String clientId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                // the game processor writes in transactions: an aborted view never happened
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Takes every partition of rps.games at its current end, then starts reading. Returns once the end offsets
     * are fixed, so no view of a game started after this call can be missed.
     */
    GameViewFeed start(Duration timeout) {
        String topic = Topics.RPS_GAMES.name();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions: is Hindsight's rps role running?");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        for (TopicPartition tp : partitions) {
            consumer.position(tp, timeout);
        }
        thread = new Thread(this::run, "simulator-rps-games");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** One poll's worth: hands every readable view to the board. */
    void pollOnce(Duration wait) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            if (r.value() == null) {
                continue;
            }
            try {
                RpsGameView v = RpsMessages.view(r.value());
                views.offer(v);
            } catch (RpsCallException e) {
                unreadable.incrementAndGet();
            }
        }
    }

    private void run() {
        try {
            while (running) {
                pollOnce(Duration.ofMillis(200));
            }
        } catch (WakeupException e) {
            // close() woke the poll up
        }
    }

    /** Records on rps.games that were not a game view. */
    long unreadable() {
        return unreadable.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
