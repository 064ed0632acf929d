package io.hindsight.contracts.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic: its name, serdes, partitions and configuration, declared once and used everywhere
 * (producers, consumers, Kafka Streams, topic creation, manifests).
 *
 * @param schema the JSON Schema resource under /schemas that documents the value, or null for raw bytes
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                          Map<String, String> config, String schema) {

    /** The dead-letter topic of this one: original key and bytes, reason in a header. */
    public Topic<byte[], byte[]> dlq() {
        return new Topic<>(name + ".dlq", Serdes.ByteArray(), Serdes.ByteArray(), partitions,
                Retention.days(30), null);
    }
}
