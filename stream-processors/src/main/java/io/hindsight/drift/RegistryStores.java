package io.hindsight.drift;

import io.hindsight.contracts.Aliases;
import io.hindsight.contracts.drift.PerformanceReference;
import io.hindsight.contracts.model.AliasAssignment;
import io.hindsight.contracts.model.ModelVersion;
import io.hindsight.contracts.topics.Topic;
import io.hindsight.contracts.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The model registry inside the topology: global stores of the compacted {@code model-aliases} and
 * {@code models} topics (every instance holds all of both; they are small), and the lookup of a task's
 * Production model. Global stores are restored to the topics' end before any request is processed.
 */
final class RegistryStores {
    static final String ALIASES_STORE = "drift-model-aliases";
    static final String MODELS_STORE = "drift-models";
    static final String NANNIES_STORE = "drift-dle-nannies";

    private RegistryStores() {
    }

    static void add(StreamsBuilder builder) {
        global(builder, Topics.MODEL_ALIASES, ALIASES_STORE, "model-aliases");
        global(builder, Topics.MODELS, MODELS_STORE, "models");
    }

    /**
     * The DLE nannies: the {@code model-artifacts} records whose {@code hindsight-artifact-kind} header is
     * {@code dle-nanny} (tens of KB each), by sha256; served models' bytes are not kept.
     */
    static void addNannies(StreamsBuilder builder) {
        Topic<String, byte[]> topic = Topics.MODEL_ARTIFACTS;
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NANNIES_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName("model-artifacts-source"),
                () -> new NannyUpdater());
    }

    private static <V> void global(StreamsBuilder builder, Topic<String, V> topic, String store, String name) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), topic.valueSerde())
                        .withLoggingDisabled(),
                topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name + "-source"),
                () -> new StoreUpdater<>(store));
    }

    /**
     * The version the task's Production alias points at, with its metadata; null when there is none yet or
     * its metadata has not arrived. Several families may each have a Production alias: the most recently set wins.
     */
    static ModelVersion production(KeyValueStore<String, AliasAssignment> aliases, KeyValueStore<String, ModelVersion> models,
                                   String task) {
        AliasAssignment best = null;
        try (KeyValueIterator<String, AliasAssignment> it = aliases.prefixScan(task + "/", Serdes.String().serializer())) {
            while (it.hasNext()) {
                AliasAssignment a = it.next().value;
                if (a != null && task.equals(a.task()) && Aliases.PRODUCTION.equals(a.alias())
                        && (best == null || a.setAt() > best.setAt())) {
                    best = a;
                }
            }
        }
        return best == null ? null : models.get(best.version());
    }

    /** Keeps the nanny artifacts of {@code model-artifacts}: only records marked as such, tombstones delete. */
    private static final class NannyUpdater implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(NANNIES_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
                return;
            }
            Header kind = record.headers().lastHeader(PerformanceReference.ARTIFACT_KIND_HEADER);
            if (kind != null && PerformanceReference.DLE_NANNY.equals(new String(kind.value(), StandardCharsets.UTF_8))) {
                store.put(record.key(), record.value());
            }
        }
    }

    /** Keeps a global store equal to its topic: latest value per key, tombstones delete. */
    private static final class StoreUpdater<V> implements Processor<String, V, Void, Void> {
        private final String storeName;
        private KeyValueStore<String, V> store;

        StoreUpdater(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, V> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
