package io.hindsight.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waiting for a topic's partitions: the gateway's readers may start before the topics are created. */
final class Partitions {
    private static final Logger log = LoggerFactory.getLogger(Partitions.class);
    private static final long RETRY_MS = 250;

    private Partitions() {
    }

    /** Every partition of the topics once all exist; null when {@code running} turns false first. */
    static List<TopicPartition> await(Consumer<?, ?> consumer, List<String> topics, BooleanSupplier running,
                                      CountDownLatch closing) throws InterruptedException {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<TopicPartition> some = await(consumer, topic, running, closing);
            if (some == null) {
                return null;
            }
            all.addAll(some);
        }
        return all;
    }

    private static List<TopicPartition> await(Consumer<?, ?> consumer, String topic, BooleanSupplier running,
                                              CountDownLatch closing) throws InterruptedException {
        while (running.getAsBoolean()) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> tps = new ArrayList<>(infos.size());
                    for (PartitionInfo pi : infos) {
                        tps.add(new TopicPartition(pi.topic(), pi.partition()));
                    }
                    return tps;
                }
            } catch (TimeoutException e) {
                log.debug("no metadata for {} yet: {}", topic, e.getMessage());
            }
            closing.await(RETRY_MS, TimeUnit.MILLISECONDS); // retry pace while the topic does not exist yet
        }
        return null;
    }
}
